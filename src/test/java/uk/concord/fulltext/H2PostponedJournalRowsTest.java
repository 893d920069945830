package uk.concord.fulltext;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.springframework.jdbc.core.JdbcTemplate;

/** Postponed journal rows on H2, the embedded default. */
class H2PostponedJournalRowsTest extends PostponedJournalRowsContract {

	private final JdbcDataSource database = new JdbcDataSource();

	H2PostponedJournalRowsTest() {
		database.setURL("jdbc:h2:mem:postponed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	/** Kept open between statements (each takes a connection of its own) until here. */
	@AfterEach
	void close() {
		new JdbcTemplate(database).execute("shutdown");
	}

	@Override
	DataSource database() {
		return database;
	}
}
