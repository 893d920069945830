package uk.concord.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Access tokens already accepted, remembered until they expire. A client sends the same bearer token with every
 * request, and checking its signature and claims again each time was 5-7 % of a read's CPU (issue 12). The key is
 * the whole token as sent, so a token differing in any character is checked afresh; a remembered token is used only
 * before its expiry (after it, the decoder decides again, with its minute of clock skew); a refused token is never
 * remembered. Tokens cannot be revoked before they expire here either way: the server has no introspection.
 */
public final class RememberedTokens implements JwtDecoder {

	static final int MAXIMUM = 10_000;

	private final JwtDecoder decoder;
	private final Cache<String, Jwt> accepted;

	public RememberedTokens(JwtDecoder decoder) {
		this(decoder, Clock.systemUTC());
	}

	RememberedTokens(JwtDecoder decoder, Clock clock) {
		this.decoder = decoder;
		// Caffeine's clock is the given one, so an entry is gone (and the decoder asked again) once its token expires
		this.accepted = Caffeine.newBuilder()
				.maximumSize(MAXIMUM)
				.expireAfter(new UntilExpiry())
				.ticker(() -> nanos(clock.instant()))
				.build();
	}

	@Override
	public Jwt decode(String token) {
		Jwt remembered = accepted.getIfPresent(token);
		if (remembered != null) {
			return remembered;
		}
		Jwt jwt = decoder.decode(token);
		if (jwt.getExpiresAt() != null) {
			accepted.put(token, jwt);
		}
		return jwt;
	}

	private static long nanos(Instant instant) {
		return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
	}

	/** An entry lives until its token's expiry: it is never used after it, and never held for nobody. */
	private static final class UntilExpiry implements Expiry<String, Jwt> {

		@Override
		public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
			return Math.max(0, nanos(jwt.getExpiresAt()) - currentTime);
		}

		@Override
		public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
			return expireAfterCreate(token, jwt, currentTime);
		}

		@Override
		public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
			return currentDuration;
		}
	}
}
