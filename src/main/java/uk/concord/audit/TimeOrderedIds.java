package uk.concord.audit;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for new audit records: UUIDs of version 7 (RFC 9562), whose first 48 bits are the time in milliseconds and
 * whose other 74 free bits are random. Their text sorts by time, so a batch of new records lands at the end of the
 * id index. With random (version 4) ids each record of a batch went into a different page of that index, and every
 * commit rewrote most of it: a cost that grew with the number of records stored (issue 12, bench/RESULTS.md run 35).
 */
final class TimeOrderedIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private TimeOrderedIds() {}

	static String next() {
		return at(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong()).toString();
	}

	/** The id made at {@code millis} from those random bits (the version and variant bits replace some of them). */
	static UUID at(long millis, long randomHigh, long randomLow) {
		long high = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
		long low = (randomLow & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(high, low);
	}
}
