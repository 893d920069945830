package uk.concord.fulltext;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The journal's rows of a resource the catch-up could not index, put off: a start's run (every row) still reads them,
 * the scheduled runs (rows older than their interval) only once the delay has passed. Subclasses choose the database;
 * the statements are plain SQL that H2 and PostgreSQL must both read alike.
 */
abstract class PostponedJournalRowsContract {

	abstract DataSource database();

	@Test
	void aPostponedRowIsReadByARunOfEveryRowButNotByARunOfOlderRows() {
		JdbcTemplate jdbc = new JdbcTemplate(database());
		FullTextJournal journal = new FullTextJournal(jdbc);
		journal.createTableIfMissing();
		for (long resource : List.of(10L, 20L)) {
			jdbc.update("insert into " + FullTextJournal.TABLE + " (batch_id, res_id, recorded_at)"
					+ " values (?, ?, current_timestamp - interval '3600' second)", resource, resource);
		}
		assertThat(resources(journal.pending(Duration.ofMinutes(1), 0, 10))).containsExactly(10L, 20L);

		journal.postpone(List.of(new FullTextJournal.Pending(10, 10)), Duration.ofHours(1));

		assertThat(resources(journal.pending(Duration.ofMinutes(1), 0, 10))).containsExactly(20L);
		assertThat(resources(journal.pending(null, 0, 10))).as("put off, it comes last").containsExactly(20L, 10L);
		jdbc.update("update " + FullTextJournal.TABLE + " set recorded_at = current_timestamp - interval '61' second"
				+ " where res_id = 10"); // the hour gone by
		assertThat(resources(journal.pending(Duration.ofMinutes(1), 0, 10))).containsExactly(20L, 10L);
	}

	private static List<Long> resources(List<FullTextJournal.Pending> rows) {
		return rows.stream().map(FullTextJournal.Pending::resource).toList();
	}
}
