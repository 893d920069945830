package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import uk.concord.testing.BesideTheSharedServers;
import uk.concord.testing.ConcordProcess;

/**
 * {@code tools/class-data-archive.sh}, which the Docker image runs and README gives for the packaged jar: the jar
 * extracted and a class data sharing archive of what a start loads. A server started with the command it prints must
 * answer, and must take its classes, Concord's and HAPI's, from the archive rather than from the jars.
 */
@BesideTheSharedServers
@ResourceLock("uk.concord.server.ClassDataArchiveIT")
class ClassDataArchiveIT {

	/** As for every test server ({@code ConcordProcess}): on 2 cores C2's compiling would slow the three JVMs' starts. */
	private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@TempDir
	Path work;

	@Test
	void theServerStartedWithTheArchiveAnswersAndLoadsItsClassesFromIt() throws Exception {
		Path layout = work.resolve("layout");
		List<String> made = run(List.of("bash", "tools/class-data-archive.sh", packagedJar().toString(), layout.toString()));
		List<String> command = new ArrayList<>(Arrays.asList(made.get(made.size() - 1).split(" ")));
		assertThat(command).first().isEqualTo("java");
		try (Stream<Path> files = Files.list(layout)) {
			// the training start's data folder is not left behind
			assertThat(files.map(file -> file.getFileName().toString()))
					.containsExactlyInAnyOrder(packagedJar().getFileName().toString(), "lib", "concord.jsa");
		}

		Path classLog = work.resolve("classes.log");
		int port = ConcordProcess.freePort();
		command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// -Xshare:on: refuse to start rather than quietly run without the archive
		command.addAll(1, List.of("-Xshare:on", C1_ONLY, "-Xlog:class+load=info:file=" + classLog));
		command.addAll(List.of("--server.port=" + port, "--concord.server.data-dir=" + work.resolve("data")));
		Process server = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(work.resolve("server.log").toFile()).start();
		try {
			Awaitility.await("the server started from the archive (log: " + work.resolve("server.log") + ")")
					.atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
					.until(() -> {
						assertThat(server.isAlive()).as(() -> tail(work.resolve("server.log"))).isTrue();
						return metadataStatus(port) == 200;
					});
		} finally {
			server.destroy();
			server.waitFor(1, TimeUnit.MINUTES);
			server.destroyForcibly();
		}

		List<String> loaded = Files.readAllLines(classLog, StandardCharsets.UTF_8);
		assertThat(loaded).anyMatch(line -> line.contains(" uk.concord.ConcordApplication source: shared objects file"));
		assertThat(loaded).anyMatch(line -> line.contains(" ca.uhn.fhir.jpa.dao.BaseHapiFhirResourceDao source: shared objects file"));
		long shared = loaded.stream().filter(line -> line.contains("source: shared objects file")).count();
		long fromJars = loaded.stream().filter(line -> line.contains("source: file:") || line.contains("source: jar:")).count();
		assertThat(shared).as("classes from the archive against classes read from the jars (%d)", fromJars)
				.isGreaterThan(4 * fromJars);
	}

	@Test
	void aFolderTheScriptDidNotMakeIsRefusedAndKept() throws Exception {
		Path folder = Files.createDirectories(work.resolve("someone-elses"));
		Files.writeString(folder.resolve("notes.txt"), "keep me");
		Process process = new ProcessBuilder("bash", "tools/class-data-archive.sh", packagedJar().toString(), folder.toString())
				.redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).isEqualTo(2);
		assertThat(output).contains("is not empty and not a layout this script made");
		assertThat(folder.resolve("notes.txt")).hasContent("keep me");
	}

	private static Path packagedJar() throws IOException {
		try (Stream<Path> jars = Files.list(Path.of("target"))) {
			return jars.filter(jar -> jar.getFileName().toString().matches("concord-.*\\.jar")).findFirst()
					.orElseThrow(() -> new IllegalStateException("no packaged jar in target/: run mvn verify"));
		}
	}

	private List<String> run(List<String> command) throws Exception {
		Path output = work.resolve("script.log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		// the archive is made by the java that will run it
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().put("JAVA_TOOL_OPTIONS", C1_ONLY);
		Process process = builder.start();
		if (!process.waitFor(20, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("tools/class-data-archive.sh did not finish:\n" + tail(output));
		}
		assertThat(process.exitValue()).as(() -> tail(output)).isZero();
		return Files.readAllLines(output, StandardCharsets.UTF_8);
	}

	private static int metadataStatus(int port) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/metadata"))
					.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		} catch (IOException e) {
			return -1;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		} catch (IOException e) {
			return "(no log: " + e + ")";
		}
	}
}
