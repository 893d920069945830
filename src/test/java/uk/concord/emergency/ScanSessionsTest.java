package uk.concord.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScanSessionsTest {

	private final AtomicLong nanos = new AtomicLong();
	private final ScanSessions sessions = new ScanSessions(Duration.ofMinutes(15), nanos::get);

	@Test
	void aScanOpensTheViewForTheConfiguredTimeOnly() {
		String id = sessions.open(new EmergencyCards.Card("card-1", "dmd-child"));

		nanos.addAndGet(Duration.ofMinutes(14).toNanos());
		assertThat(sessions.find(id)).hasValue(new ScanSessions.Session("card-1", "dmd-child"));
		nanos.addAndGet(Duration.ofMinutes(2).toNanos());
		assertThat(sessions.find(id)).isEmpty();
	}

	@Test
	void eachScanHasItsOwnUnguessableSession() {
		EmergencyCards.Card card = new EmergencyCards.Card("card-1", "dmd-child");
		String first = sessions.open(card);
		String second = sessions.open(card);

		assertThat(first).isNotEqualTo(second).hasSize(22);
		assertThat(sessions.find("not-a-session")).isEmpty();
		assertThat(sessions.find(null)).isEmpty();
	}
}
