package uk.concord.fulltext;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import java.time.Duration;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The journal's rows on a real H2 database, written and forgotten in real Spring transactions. */
class FullTextJournalTest {

	private JdbcTemplate jdbc;
	private TransactionTemplate transactions;
	private FullTextJournal journal;

	@BeforeEach
	void openDatabase() {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL("jdbc:h2:mem:journal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		jdbc = new JdbcTemplate(database);
		transactions = new TransactionTemplate(new DataSourceTransactionManager(database));
		journal = new FullTextJournal(jdbc);
		journal.createTableIfMissing();
		journal.start();
	}

	@AfterEach
	void closeDatabase() {
		if (journal.isRunning()) {
			journal.stop();
		}
		jdbc.execute("shutdown");
	}

	@Test
	void aCommittedWritesRowsAreForgottenInTheBackgroundOnceIndexed() throws InterruptedException {
		write(7L);

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (rows() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(rows()).isZero();
	}

	@Test
	void aWriteCommittedAfterTheJournalStoppedLeavesNoRowToIndexAgainAtTheNextStart() {
		journal.stop();

		// as a scheduled job's page of review Tasks does while Quartz shuts down, after this phase
		write(42L);

		assertThat(rows()).isZero();
	}

	@Test
	void aWriteRolledBackLeavesNoRow() {
		journal.stop();

		transactions.executeWithoutResult(status -> {
			created(9L);
			status.setRollbackOnly();
		});

		assertThat(rows()).isZero();
	}

	private void write(long pid) {
		transactions.executeWithoutResult(status -> created(pid));
	}

	private void created(long pid) {
		Task task = new Task();
		IDao.RESOURCE_PID.put(task, JpaPid.fromId(pid));
		journal.created(task);
	}

	private long rows() {
		return jdbc.queryForObject("select count(*) from " + FullTextJournal.TABLE, Long.class);
	}
}
