package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM options that give an idle server's memory back and let the audit writer yield are written in the POM
 * ({@code concord.jvm.flags}, which {@code mvn spring-boot:run} and the benchmarks pass); README's command for the
 * jar, the Docker image and the cluster's nodes repeat them, because a shell line cannot read the POM. Each copy
 * must say the same, or one way of running the server silently keeps memory the others give back.
 */
class JvmOptionsAgreeTest {

	@Test
	void readmesCommandForTheJarPassesThePomsOptionsInTheirOrder() throws IOException {
		String readme = Files.readString(Path.of("README.md")).replaceAll("\\s*\\n\\s*", " ");
		assertThat(readme).contains("`java " + String.join(" ", pomOptions()) + " -jar target/concord-");
	}

	@Test
	void theImageAndTheClusterNodesPassEveryOneOfThePomsOptions() throws IOException {
		assertThat(toolOptions(Path.of("docker/Dockerfile"), "JAVA_TOOL_OPTIONS=\"([^\"]+)\""))
				.containsSubsequence(pomOptions());
		assertThat(toolOptions(Path.of("docker/compose.cluster.yaml"), "JAVA_TOOL_OPTIONS: (.+)"))
				.containsSubsequence(pomOptions());
	}

	@Test
	void thePomNamesTheOptionsThatTheOtherCopiesAreCheckedFor() throws IOException {
		assertThat(pomOptions()).contains("-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=19",
				"-XX:G1PeriodicGCInterval=15000");
	}

	private static List<String> pomOptions() throws IOException {
		return toolOptions(Path.of("pom.xml"), "<concord.jvm.flags>([^<]+)</concord.jvm.flags>");
	}

	private static List<String> toolOptions(Path file, String pattern) throws IOException {
		Matcher options = Pattern.compile(pattern).matcher(Files.readString(file));
		assertThat(options.find()).as(file + " holds " + pattern).isTrue();
		return Arrays.asList(options.group(1).trim().split("\\s+"));
	}
}
