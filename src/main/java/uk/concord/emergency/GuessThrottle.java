package uk.concord.emergency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows down guessing of card tokens and view sessions: an address whose scans failed (unknown, revoked or expired
 * card; closed view) {@code max-failures-per-address} times is refused until {@code block} has passed since its last
 * failure. Tokens have 256 random bits, so this is for the logs' and the server's sake more than the tokens'.
 */
final class GuessThrottle {

	private final int maxFailures;
	private final Duration block;
	private final Cache<String, AtomicInteger> failures;

	GuessThrottle(int maxFailures, Duration block, Ticker ticker) {
		this.maxFailures = maxFailures;
		this.block = block;
		this.failures = Caffeine.newBuilder()
				.expireAfterWrite(block)
				.ticker(ticker)
				.maximumSize(100_000)
				.build();
	}

	boolean blocks(String address) {
		AtomicInteger count = failures.getIfPresent(address);
		return count != null && count.get() >= maxFailures;
	}

	void failed(String address) {
		// re-put on every failure, so the block runs from the last one
		failures.asMap().compute(address, (key, count) -> {
			AtomicInteger counted = count == null ? new AtomicInteger() : count;
			counted.incrementAndGet();
			return counted;
		});
	}

	Duration block() {
		return block;
	}
}
