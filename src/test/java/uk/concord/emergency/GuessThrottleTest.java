package uk.concord.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GuessThrottleTest {

	private final AtomicLong nanos = new AtomicLong();
	private final GuessThrottle throttle = new GuessThrottle(3, Duration.ofMinutes(15), nanos::get);

	@Test
	void anAddressIsBlockedAfterItsFailuresUntilTheBlockHasPassedSinceTheLastOne() {
		throttle.failed("192.0.2.1");
		throttle.failed("192.0.2.1");
		assertThat(throttle.blocks("192.0.2.1")).isFalse();
		throttle.failed("192.0.2.1");
		assertThat(throttle.blocks("192.0.2.1")).isTrue();
		assertThat(throttle.blocks("192.0.2.2")).isFalse();

		nanos.addAndGet(Duration.ofMinutes(10).toNanos());
		throttle.failed("192.0.2.1");
		nanos.addAndGet(Duration.ofMinutes(10).toNanos());
		assertThat(throttle.blocks("192.0.2.1")).isTrue();
		nanos.addAndGet(Duration.ofMinutes(6).toNanos());
		assertThat(throttle.blocks("192.0.2.1")).isFalse();
	}
}
