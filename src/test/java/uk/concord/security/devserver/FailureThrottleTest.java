package uk.concord.security.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import uk.concord.security.SecurityProperties.Throttle;
import uk.concord.security.devserver.FailureThrottle.Key;
import uk.concord.testing.MovableClock;

class FailureThrottleTest {

	static final Throttle SETTINGS = new Throttle(3, 10, Duration.ofSeconds(1), Duration.ofSeconds(30));

	MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
	FailureThrottle throttle = new FailureThrottle(SETTINGS, clock);

	Key client = Key.client("ehr-system", SETTINGS);
	Key address = Key.address("127.0.0.1", SETTINGS);

	@Test
	void aFewFailuresAreToleratedThenTheKeyIsBlockedForTheFirstBlock() {
		throttle.failed(client);
		throttle.failed(client);
		assertThat(throttle.blockedFor(client)).isZero();

		throttle.failed(client);

		assertThat(throttle.blockedFor(client)).isEqualTo(Duration.ofSeconds(1));
		clock.advance(Duration.ofMillis(400));
		assertThat(throttle.blockedFor(client)).isEqualTo(Duration.ofMillis(600));
		clock.advance(Duration.ofMillis(600));
		assertThat(throttle.blockedFor(client)).isZero();
	}

	@Test
	void eachFurtherFailureDoublesTheBlockUpToTheLongest() {
		for (int i = 0; i < 3; i++) {
			throttle.failed(client);
		}
		throttle.failed(client);
		assertThat(throttle.blockedFor(client)).isEqualTo(Duration.ofSeconds(2));
		throttle.failed(client);
		assertThat(throttle.blockedFor(client)).isEqualTo(Duration.ofSeconds(4));
		for (int i = 0; i < 10; i++) {
			throttle.failed(client);
		}
		assertThat(throttle.blockedFor(client)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void theAddressHasItsOwnHigherLimitAndTheLongestBlockOfTheKeysCounts() {
		for (int i = 0; i < 9; i++) {
			throttle.failed(Key.client("guess-" + i, SETTINGS), address);
		}
		assertThat(throttle.blockedFor(Key.client("ehr-system", SETTINGS), address)).isZero();

		throttle.failed(Key.client("guess-9", SETTINGS), address);

		assertThat(throttle.blockedFor(Key.client("ehr-system", SETTINGS), address)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aSuccessForgetsTheFailuresAndMissingKeysAreIgnored() {
		throttle.failed(client, null);
		throttle.failed(client);
		throttle.succeeded(client, null);
		throttle.failed(client);
		throttle.failed(client);

		assertThat(throttle.blockedFor(client, null)).isZero();
	}
}
