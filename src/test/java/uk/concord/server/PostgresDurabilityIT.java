package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.parallel.ResourceLock;
import uk.concord.testing.ConcordProcess;
import uk.concord.testing.EnabledIfPostgresAvailable;
import uk.concord.testing.PostgresDatabases;

/**
 * The postgres profile (PostgreSQL + the local Lucene index): killed the moment a transaction has committed and its
 * client has not been answered yet, and backed up with {@code pg_dump} while it runs, restored with
 * {@code pg_restore} into a new database.
 */
@EnabledIfPostgresAvailable
@ResourceLock("uk.concord.server.PostgresDurabilityIT")
class PostgresDurabilityIT extends DurabilityContract {

	private String database;

	@Override
	ConcordProcess startOnNewDatabase(Path dataDir) {
		database = PostgresDatabases.fresh("durability");
		return start(dataDir, database);
	}

	private static ConcordProcess start(Path dataDir, String url) {
		return ConcordProcess.start(dataDir,
				List.of("--spring.profiles.active=postgres", "--concord.security.dev-server.enabled=true"),
				PostgresDatabases.environmentFor(url));
	}

	/**
	 * The window that lost index documents lies between a commit and the answer: the database is watched, and the
	 * server killed as soon as it holds a clinic letter more than the clients have been told about.
	 */
	@Override
	void killMidLoad(ConcordProcess server, TransactionLoad load) {
		try (Connection connection = PostgresDatabases.connect(database)) {
			int before = letters(connection) - load.acknowledged();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(1))
					.until(() -> letters(connection) > before + load.acknowledged());
			server.kill();
		} catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	private static int letters(Connection connection) throws SQLException {
		try (ResultSet count = connection.createStatement()
				.executeQuery("select count(*) from hfj_resource where res_type = 'DocumentReference'")) {
			count.next();
			return count.getInt(1);
		}
	}

	@Override
	void backUp(ConcordProcess server, Path backup) {
		List<String> command = new ArrayList<>(List.of("pg_dump", "--format=custom", "--file=" + backup + ".dump"));
		command.addAll(List.of(PostgresDatabases.connectionOptions(database)));
		command.add(PostgresDatabases.name(database));
		run(command);
	}

	@Override
	ConcordProcess restoreIntoNewServer(Path backup, Path dataDir) {
		String restored = PostgresDatabases.fresh("restored");
		List<String> command = new ArrayList<>(List.of("pg_restore", "--no-owner", "--dbname=" + PostgresDatabases.name(restored)));
		command.addAll(List.of(PostgresDatabases.connectionOptions(restored)));
		command.add(backup + ".dump");
		run(command);
		return start(dataDir, restored);
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
			assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
