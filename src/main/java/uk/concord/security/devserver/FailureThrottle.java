package uk.concord.security.devserver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import uk.concord.security.SecurityProperties.Throttle;

/**
 * Slows down guessing: counts failed attempts per key (a client id, a user name, a remote address) and, once a key
 * has failed more often than its limit, blocks it for a while that doubles with every further failure. A success
 * forgets a key's failures; so do 15 minutes without a failure (or twice the longest block, if that is longer).
 */
final class FailureThrottle {

	private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

	/** What is counted: each kind has its own limit. */
	record Key(String kind, String value, int limit) {

		static Key client(String id, Throttle settings) {
			return new Key("client", id, settings.maxFailuresPerClient());
		}

		static Key user(String username, Throttle settings) {
			return new Key("user", username, settings.maxFailuresPerClient());
		}

		static Key address(String address, Throttle settings) {
			return new Key("address", address, settings.maxFailuresPerAddress());
		}
	}

	private record Failures(int count, Instant blockedUntil) {}

	private final Throttle settings;
	private final Clock clock;
	private final Cache<Key, Failures> failures;

	FailureThrottle(Throttle settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		Duration twiceLongest = settings.longestBlock().multipliedBy(2);
		this.failures = Caffeine.newBuilder()
				.expireAfterWrite(twiceLongest.compareTo(FORGET_AFTER) > 0 ? twiceLongest : FORGET_AFTER)
				.maximumSize(100_000)
				.build();
	}

	/** How long the most blocked of these keys stays blocked; zero when none is. Null keys are ignored. */
	Duration blockedFor(Key... keys) {
		Instant now = clock.instant();
		return Arrays.stream(keys)
				.filter(key -> key != null && key.value() != null)
				.map(failures::getIfPresent)
				.filter(Objects::nonNull)
				.map(f -> f.blockedUntil().isAfter(now) ? Duration.between(now, f.blockedUntil()) : Duration.ZERO)
				.max(Duration::compareTo)
				.orElse(Duration.ZERO);
	}

	void failed(Key... keys) {
		Instant now = clock.instant();
		for (Key key : keys) {
			if (key == null || key.value() == null) {
				continue;
			}
			failures.asMap().compute(key, (k, before) -> {
				int count = before == null ? 1 : before.count() + 1;
				return new Failures(count, count < k.limit() ? now : now.plus(block(count - k.limit())));
			});
		}
	}

	void succeeded(Key... keys) {
		for (Key key : keys) {
			if (key != null && key.value() != null) {
				failures.invalidate(key);
			}
		}
	}

	/** The first block, doubled {@code doublings} times, at most the longest block. */
	private Duration block(int doublings) {
		Duration block = settings.firstBlock();
		for (int i = 0; i < doublings && block.compareTo(settings.longestBlock()) < 0; i++) {
			block = block.multipliedBy(2);
		}
		return block.compareTo(settings.longestBlock()) > 0 ? settings.longestBlock() : block;
	}
}
