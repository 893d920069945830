package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The embedded H2 file stays near the size of its data with {@code WRITE_DELAY=0}, which leaves H2's own chunk
 * rewriting off. A real H2 file database, written the way a FHIR server writes: many small commits, each touching
 * index entries all over the tables.
 */
class H2FileHousekeepingTest {

	private static final int ROWS = 3_000;

	@TempDir
	Path folder;

	private Connection keptOpen;
	private H2FileHousekeeping housekeeping;

	@AfterEach
	void close() throws SQLException {
		if (housekeeping != null) {
			housekeeping.close();
		}
		if (keptOpen != null) {
			keptOpen.close();
		}
	}

	@Test
	void theFileOfADatabaseThatHasGoneQuietIsCutBackNearItsDataWithEveryRowKept() throws Exception {
		DataSource database = embedded("concord");
		writeManySmallCommits(database);
		long churned = fileSize();
		long checksum = checksum(database);

		housekeeping = H2FileHousekeeping.startIfEmbedded(database, url("concord"));

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
				.until(() -> fileSize() < churned / 16);
		assertThat(checksum(database)).isEqualTo(checksum);
		housekeeping.close();
		keptOpen.close();
		assertThat(checksum(embedded("concord"))).as("the file reopens with every row").isEqualTo(checksum);
	}

	/**
	 * Bursts of commits with pauses around the quiet second a round waits for, so that rounds start and writes arrive
	 * while they move chunks (H2 2.3.232 could fail its own assertion there, bench/RESULTS.md run 23). A round needs a
	 * whole second between two of the housekeeper's looks without a commit, which a pause of 0.9-1.3 s gives only
	 * sometimes (no round at all in one run of the suite); every other pause is longer than two looks apart.
	 */
	@Test
	void writesArrivingWhileTheFileIsCompactedAreAllKept() throws Exception {
		DataSource database = embedded("concord");
		writeManySmallCommits(database);
		housekeeping = H2FileHousekeeping.startIfEmbedded(database, url("concord"));
		Random random = new Random(11);
		long added = 0;
		int roundsBetweenBursts = 0;
		int bursts = 0;
		long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
		try (Connection connection = database.getConnection();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO later VALUES (?, ?)")) {
			while (System.nanoTime() < deadline) {
				long beforeBurst = fileSize();
				for (int i = 0; i < 200; i++) {
					insert.setLong(1, ++added);
					insert.setString(2, "y".repeat(200 + random.nextInt(800)));
					insert.executeUpdate();
				}
				Thread.sleep((bursts++ % 2 == 0 ? 2_100 : 900) + random.nextInt(400));
				roundsBetweenBursts += fileSize() < beforeBurst ? 1 : 0;
			}
		}

		assertThat(roundsBetweenBursts).as("rounds ran between the bursts").isPositive();
		assertThat(checksum(database)).isNotZero();
		assertThat(countOfLater(database)).isEqualTo(added);
		housekeeping.close();
		keptOpen.close();
		DataSource reopened = embedded("concord");
		assertThat(countOfLater(reopened)).as("the file reopens with every row").isEqualTo(added);
	}

	private static long countOfLater(DataSource database) throws SQLException {
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
				ResultSet count = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id) FROM later")) {
			count.next();
			assertThat(count.getLong(2)).isEqualTo(count.getLong(1));
			return count.getLong(1);
		}
	}

	/**
	 * Commits without a quiet second between them, as under sustained load: the file must not only grow. A busy round
	 * comes every 10 s and cuts the file only when it frees the file's end: the first, second or third round did here,
	 * and in one of 11 runs none of the four a 40 s limit allowed, so the test allows eight.
	 */
	@Test
	void aDatabaseThatNeverGoesQuietIsStillCompactedWhileItsFileIsMostlyDead() throws Exception {
		DataSource database = embedded("concord");
		writeManySmallCommits(database);
		housekeeping = H2FileHousekeeping.startIfEmbedded(database, url("concord"));
		long largest = fileSize();
		boolean shrankWhileBusy = false;
		long updates = 0;
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		try (Connection connection = database.getConnection();
				PreparedStatement update = connection.prepareStatement("UPDATE resource SET hash = hash + 1 WHERE hash % 7 = ?")) {
			while (System.nanoTime() < deadline && !shrankWhileBusy) {
				update.setInt(1, (int) (updates++ % 7));
				update.executeUpdate();
				long size = fileSize();
				shrankWhileBusy = size < largest * 7 / 10;
				largest = Math.max(largest, size);
			}
		}

		assertThat(shrankWhileBusy).as("the file was cut back while commits kept coming").isTrue();
		assertThat(checksum(database)).isNotZero();
	}

	@Test
	void withoutHousekeepingTheSameWritesLeaveTheFileManyTimesLargerThanItsData() throws Exception {
		DataSource database = embedded("concord");
		writeManySmallCommits(database);
		long churned = fileSize();
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SHUTDOWN COMPACT");
		}
		keptOpen = null;

		assertThat(fileSize()).as("what the same data needs").isLessThan(churned / 4);
	}

	@Test
	void onlyAnEmbeddedH2FileDatabaseIsLookedAfter() throws SQLException {
		DataSource neverAsked = new AbstractDataSource() {
			@Override
			public Connection getConnection() {
				throw new AssertionError("a database that is not embedded H2 must not be opened");
			}

			@Override
			public Connection getConnection(String user, String password) {
				return getConnection();
			}
		};
		assertThat(H2FileHousekeeping.startIfEmbedded(neverAsked, "jdbc:postgresql://127.0.0.1:5432/test").isActive())
				.isFalse();
		assertThat(H2FileHousekeeping.startIfEmbedded(neverAsked, "jdbc:h2:tcp://localhost/concord").isActive())
				.isFalse();

		JdbcDataSource inMemory = new JdbcDataSource();
		inMemory.setURL("jdbc:h2:mem:housekeeping;DB_CLOSE_DELAY=-1");
		try (H2FileHousekeeping none = H2FileHousekeeping.startIfEmbedded(inMemory, inMemory.getURL())) {
			assertThat(none.isActive()).as("an in-memory database has no file").isFalse();
		}
		housekeeping = H2FileHousekeeping.startIfEmbedded(embedded("concord"), url("concord"));
		assertThat(housekeeping.isActive()).isTrue();
	}

	private String url(String name) {
		// A retention time of 1 s instead of H2's 45 s, so that dead chunks become reusable within the test.
		return "jdbc:h2:file:" + folder.resolve(name) + ";WRITE_DELAY=0;RETENTION_TIME=1000";
	}

	private DataSource embedded(String name) throws SQLException {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL(url(name));
		database.setUser("sa");
		keptOpen = database.getConnection(); // keeps the database open between the test's connections
		try (Statement statement = keptOpen.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS resource (id UUID PRIMARY KEY, hash BIGINT, text VARCHAR)");
			statement.execute("CREATE INDEX IF NOT EXISTS by_hash ON resource (hash)");
			statement.execute("CREATE TABLE IF NOT EXISTS later (id BIGINT PRIMARY KEY, text VARCHAR)");
		}
		return database;
	}

	/** One row per commit, then each row updated once: every commit touches pages all over both indexes. */
	private static void writeManySmallCommits(DataSource database) throws SQLException {
		Random random = new Random(7);
		try (Connection connection = database.getConnection()) {
			connection.setAutoCommit(true);
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
		}
	}

	private static long checksum(DataSource database) throws SQLException {
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
				ResultSet sums = statement.executeQuery("SELECT COUNT(*), SUM(hash % 1000), SUM(LENGTH(text)) FROM resource")) {
			sums.next();
			assertThat(sums.getLong(1)).isEqualTo(ROWS);
			return sums.getLong(2) * 31 + sums.getLong(3);
		}
	}

	private long fileSize() throws Exception {
		return Files.size(folder.resolve("concord.mv.db"));
	}
}
