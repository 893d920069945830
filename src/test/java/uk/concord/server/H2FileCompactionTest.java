package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

/**
 * The embedded H2 file is compacted before the server opens it, when most of it is dead: a real H2 file written the
 * way a FHIR server writes (many small commits touching index pages all over), left as a killed server leaves it.
 */
class H2FileCompactionTest {

	private static final int ROWS = 4_000;

	@TempDir
	Path folder;

	@Test
	void aMostlyDeadFileIsCutBackToItsDataBeforeStartWithEveryRowKept() throws Exception {
		String url = url("concord");
		long checksum = writeManySmallCommitsAndDie(url);
		long churned = fileSize();

		Optional<H2FileCompaction.Compacted> compacted = H2FileCompaction.compactIfMostlyDead(url, "sa", "");

		assertThat(compacted).isPresent();
		assertThat(compacted.get().bytesBefore()).isEqualTo(churned);
		assertThat(fileSize()).as("of a churned file of %d bytes", churned).isLessThan(churned / 4)
				.isEqualTo(compacted.get().bytesAfter());
		assertThat(laterRows(url)).as("the killed session's commit kept, the unfinished transaction's row not").isOne();
		assertThat(checksum(url)).as("the database opens with every row, none changed by the unfinished transaction")
				.isEqualTo(checksum);
	}

	private static long laterRows(String url) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement();
				ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM later")) {
			count.next();
			return count.getLong(1);
		}
	}

	@Test
	void aFileThatIsMostlyLiveIsLeftAsItIs() throws Exception {
		String url = url("concord");
		long checksum = writeManySmallCommitsAndDie(url);
		H2FileCompaction.compactIfMostlyDead(url, "sa", "");
		long size = fileSize();
		var modified = Files.getLastModifiedTime(file());

		assertThat(H2FileCompaction.compactIfMostlyDead(url, "sa", "")).isEmpty();
		assertThat(fileSize()).isEqualTo(size);
		assertThat(Files.getLastModifiedTime(file())).isEqualTo(modified);
		assertThat(checksum(url)).isEqualTo(checksum);
	}

	/**
	 * A start killed while it compacts: the database must open whole, from the old file or the finished copy, never
	 * from a copy in part. Every other start is killed as soon as its copy appears, the rest at random moments (while
	 * H2 settles the file, or copies it); then one start runs to its end.
	 */
	@Test
	void aStartKilledWhileCompactingLeavesTheDatabaseWhole() throws Exception {
		String url = url("concord");
		long checksum = writeManySmallCommitsAndDie(url);
		long churned = fileSize();
		Path copy = Path.of(file() + ".tempFile");
		Random random = new Random();
		int killedDuringTheCopy = 0;
		for (int start = 0; start < 6; start++) {
			Process compacting = startCompacting(url);
			if (start % 2 == 0) {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (!Files.exists(copy) && compacting.isAlive() && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				Thread.sleep(random.nextInt(30));
			} else {
				compacting.waitFor(200 + random.nextInt(1_000), TimeUnit.MILLISECONDS);
			}
			killedDuringTheCopy += compacting.isAlive() && Files.exists(copy) ? 1 : 0;
			compacting.destroyForcibly().waitFor();
			assertThat(checksum(url)).as("the database after start %d was killed", start).isEqualTo(checksum);
		}
		Process compacting = startCompacting(url);
		assertThat(compacting.waitFor(60, TimeUnit.SECONDS)).isTrue();

		assertThat(killedDuringTheCopy).as("starts killed while the copy was being written").isPositive();
		assertThat(fileSize()).isLessThan(churned / 4);
		assertThat(checksum(url)).isEqualTo(checksum);
	}

	private Process startCompacting(String url) throws Exception {
		return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), CompactBeforeStart.class.getName(), url))
				.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("child.log").toFile()))
				.start();
	}

	/** The same, as the server applies its database settings, before its connection pool opens the database. */
	@Test
	void theServersDatabaseSettingsCompactAMostlyDeadFileBeforeThePoolOpensIt() throws Exception {
		long checksum = writeManySmallCommitsAndDie(url("concord"));
		long churned = fileSize();
		DataSourceProperties database = new DataSourceProperties();
		database.setUrl("jdbc:h2:file:" + folder.resolve("concord"));
		database.setUsername("sa"); // as application.yaml
		database.setPassword("");

		ServerConfig.embeddedH2Settings().postProcessAfterInitialization(database, "dataSourceProperties");

		assertThat(database.getUrl()).contains("WRITE_DELAY=0");
		assertThat(fileSize()).isLessThan(churned / 4);
		assertThat(checksum(database.getUrl())).isEqualTo(checksum);
	}

	@Test
	void onlyAnEmbeddedH2FileIsCompacted() {
		assertThat(H2FileCompaction.fileOf("jdbc:postgresql://127.0.0.1:5432/test")).isEmpty();
		assertThat(H2FileCompaction.fileOf("jdbc:h2:tcp://localhost/concord")).isEmpty();
		assertThat(H2FileCompaction.fileOf("jdbc:h2:mem:concord;DB_CLOSE_DELAY=-1")).isEmpty();
		assertThat(H2FileCompaction.fileOf("jdbc:h2:file:./data/h2/concord;WRITE_DELAY=0"))
				.contains(Path.of("./data/h2/concord.mv.db"));
		assertThat(H2FileCompaction.fileOf("jdbc:h2:./data/h2/concord")).contains(Path.of("./data/h2/concord.mv.db"));
		assertThat(H2FileCompaction.compactIfMostlyDead("jdbc:h2:file:" + folder.resolve("none"), "sa", "")).isEmpty();
	}

	/** The child process of {@link #aStartKilledWhileCompactingLeavesTheDatabaseWhole}: a start's compaction alone. */
	static final class CompactBeforeStart {
		public static void main(String[] args) {
			H2FileCompaction.compactIfMostlyDead(args[0], "sa", "");
		}
	}

	private String url(String name) {
		return EmbeddedH2.withConcordSettings("jdbc:h2:file:" + folder.resolve(name));
	}

	private Path file() {
		return folder.resolve("concord.mv.db");
	}

	private long fileSize() throws Exception {
		return Files.size(file());
	}

	/**
	 * One row per commit, then each row updated once: every commit touches pages all over both indexes. The database
	 * is then closed as a killed process leaves it (no compaction at close); returns its checksum.
	 */
	private static long writeManySmallCommitsAndDie(String url) throws Exception {
		Random random = new Random(7);
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE resource (id UUID PRIMARY KEY, hash BIGINT, text VARCHAR)");
			statement.execute("CREATE INDEX by_hash ON resource (hash)");
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO resource VALUES (RANDOM_UUID(), ?, ?)")) {
				for (int i = 0; i < ROWS; i++) {
					insert.setLong(1, random.nextLong());
					insert.setString(2, "x".repeat(500 + random.nextInt(500)));
					insert.executeUpdate();
				}
			}
			try (PreparedStatement update = connection.prepareStatement(
					"UPDATE resource SET hash = hash + 1 WHERE id = (SELECT id FROM resource OFFSET ? ROWS FETCH FIRST ROW ONLY)")) {
				for (int i = 0; i < ROWS; i++) {
					update.setInt(1, random.nextInt(ROWS));
					update.executeUpdate();
				}
			}
			long checksum = checksum(statement);
			statement.execute("SHUTDOWN IMMEDIATELY");
			killedMidTransaction(url);
			return checksum;
		}
	}

	/**
	 * Leaves the database as a server killed mid-write does (a child JVM halted): a transaction under way whose undo
	 * log another session's commit wrote into the file, and a sequence taken from.
	 */
	private static void killedMidTransaction(String url) throws Exception {
		Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), DiesMidTransaction.class.getName(), url))
				.inheritIO().start();
		assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
	}

	/** The child process of {@link #killedMidTransaction}. */
	static final class DiesMidTransaction {
		public static void main(String[] args) throws SQLException {
			try (Connection committing = DriverManager.getConnection(args[0], "sa", "");
					Connection unfinished = DriverManager.getConnection(args[0], "sa", "");
					Statement statement = committing.createStatement();
					Statement under = unfinished.createStatement()) {
				statement.execute("CREATE SEQUENCE IF NOT EXISTS ids");
				statement.execute("CREATE TABLE IF NOT EXISTS later (id BIGINT PRIMARY KEY)");
				unfinished.setAutoCommit(false);
				under.execute("UPDATE resource SET hash = hash + 1 WHERE hash % 5 = 0");
				under.execute("INSERT INTO later VALUES (NEXT VALUE FOR ids)");
				statement.execute("INSERT INTO later VALUES (NEXT VALUE FOR ids)");
				Runtime.getRuntime().halt(0);
			}
		}
	}

	/**
	 * The checksum of a reopened database, whose rows must not show the killed transaction's changes; it then takes
	 * from its sequence, as the server's first write does.
	 */
	private static long checksum(String url) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			long checksum = checksum(statement);
			statement.execute("INSERT INTO later VALUES (NEXT VALUE FOR ids)");
			statement.execute("SHUTDOWN IMMEDIATELY");
			return checksum;
		}
	}

	private static long checksum(Statement statement) throws SQLException {
		try (ResultSet sums = statement.executeQuery("SELECT COUNT(*), SUM(hash % 1000), SUM(LENGTH(text)) FROM resource")) {
			sums.next();
			assertThat(sums.getLong(1)).isEqualTo(ROWS);
			return sums.getLong(2) * 31 + sums.getLong(3);
		}
	}
}
