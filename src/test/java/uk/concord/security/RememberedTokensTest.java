package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import uk.concord.testing.MovableClock;

/** Real RS256 tokens and Spring's real decoder; only the number of times it is asked is counted. */
class RememberedTokensTest {

	static final RSAKey KEY = key();

	final AtomicInteger checks = new AtomicInteger();
	final JwtDecoder real = realDecoder();
	final JwtDecoder counted = token -> {
		checks.incrementAndGet();
		return real.decode(token);
	};

	@Test
	void aTokenAcceptedOnceIsNotCheckedAgainBeforeItExpires() throws Exception {
		RememberedTokens tokens = new RememberedTokens(counted);
		String token = signed(Instant.now().plusSeconds(3600));

		Jwt first = tokens.decode(token);
		Jwt second = tokens.decode(token);

		assertThat(second.getSubject()).isEqualTo("ehr-system").isEqualTo(first.getSubject());
		assertThat(checks).hasValue(1);
	}

	@Test
	void aRememberedTokenPastItsExpiryIsCheckedAgain() throws Exception {
		Instant now = Instant.now();
		MovableClock clock = new MovableClock(now);
		RememberedTokens tokens = new RememberedTokens(counted, clock);
		String token = signed(now.plusSeconds(600));
		tokens.decode(token);

		clock.advance(Duration.ofSeconds(601));
		tokens.decode(token);

		assertThat(checks).hasValue(2);
	}

	@Test
	void aRefusedTokenIsNeverRemembered() throws Exception {
		RememberedTokens tokens = new RememberedTokens(counted);
		String expired = signed(Instant.now().minus(Duration.ofHours(1)));

		assertThatThrownBy(() -> tokens.decode(expired)).isInstanceOf(JwtException.class).hasMessageContaining("expired");
		assertThatThrownBy(() -> tokens.decode(expired)).isInstanceOf(JwtException.class);
		assertThat(checks).hasValue(2);
	}

	@Test
	void aTokenDifferingFromARememberedOneInOneCharacterIsCheckedAndRefused() throws Exception {
		RememberedTokens tokens = new RememberedTokens(counted);
		String token = signed(Instant.now().plusSeconds(3600));
		tokens.decode(token);
		char last = token.charAt(token.length() - 2);
		String altered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

		assertThatThrownBy(() -> tokens.decode(altered)).isInstanceOf(JwtException.class);
		assertThat(checks).hasValue(2);
	}

	private static String signed(Instant expiry) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder()
				.subject("ehr-system")
				.issuer("http://localhost")
				.issueTime(Date.from(expiry.minusSeconds(7200)))
				.expirationTime(Date.from(expiry))
				.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(KEY));
		return jwt.serialize();
	}

	private static JwtDecoder realDecoder() {
		try {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
			decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer("http://localhost"));
			return decoder;
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static RSAKey key() {
		try {
			return new RSAKeyGenerator(2048).keyID("test").generate();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
