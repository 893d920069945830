package uk.concord.fulltext;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import uk.concord.testing.EnabledIfPostgresAvailable;
import uk.concord.testing.PostgresDatabases;

/** Postponed journal rows on PostgreSQL, where the catch-up's clock is the database's, shared by every node. */
@EnabledIfPostgresAvailable
class PostgresPostponedJournalRowsIT extends PostponedJournalRowsContract {

	private SingleConnectionDataSource database;

	@BeforeEach
	void connect() throws SQLException {
		database = new SingleConnectionDataSource(PostgresDatabases.connect(PostgresDatabases.fresh("journal")), true);
	}

	@AfterEach
	void close() {
		database.destroy();
	}

	@Override
	DataSource database() {
		return database;
	}
}
