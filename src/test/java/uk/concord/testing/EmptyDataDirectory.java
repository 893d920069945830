package uk.concord.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Empties the shared embedded test server's data folder once per test run, before its first start, for the reason
 * {@link PostgresTestDatabase} gives: a run must not meet the records an earlier run left (a {@code mvn verify}
 * without {@code clean} keeps {@code target/}).
 */
public class EmptyDataDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Once per JVM: a second context in the same run must find the first one's data, not an empty folder. */
	private static boolean emptied;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		emptyOnce(Path.of(context.getEnvironment().getRequiredProperty("concord.server.data-dir")));
	}

	private static synchronized void emptyOnce(Path folder) {
		if (emptied) {
			return;
		}
		emptied = true;
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot empty the test data folder " + folder, e);
		}
	}
}
