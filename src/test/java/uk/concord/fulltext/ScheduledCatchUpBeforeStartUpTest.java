package uk.concord.fulltext;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * HAPI's scheduler starts, and the clustered catch-up job is due at once, before the start-up run: a starting node's
 * scheduled runs leave the journal to that run, which reads every row (the runs after it: FullTextCatchUpIT).
 */
class ScheduledCatchUpBeforeStartUpTest {

	@Test
	void aScheduledRunBeforeTheStartUpRunHasEndedReadsNothing() {
		// nothing to read with: a run that touched the journal, the database or the index would fail
		FullTextCatchUp catchUp = new FullTextCatchUp(null, null, null, null, null, null, null, Duration.ofMinutes(1),
				Duration.ofHours(1), null);

		assertThat(catchUp.scheduledRun()).isEmpty();
	}
}
