package uk.concord.security.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import uk.concord.security.SecurityProperties.Client;

/**
 * A Backend Services client may register its keys by URL: Concord fetches its JWKS over HTTP (here from a small
 * server on 127.0.0.1), verifies assertions with it, and keeps it rather than fetching it for every token.
 */
class ClientAssertionsTest {

	static final String TOKEN_ENDPOINT = "https://concord.example/oauth2/token";

	HttpServer keyServer;
	ECKey key;
	AtomicInteger fetches = new AtomicInteger();
	ClientAssertions assertions = new ClientAssertions(() -> Set.of(TOKEN_ENDPOINT), Clock.systemUTC());

	@BeforeEach
	void publishTheClientsKeys() throws Exception {
		key = new ECKeyGenerator(Curve.P_384).keyID("by-url").algorithm(JWSAlgorithm.ES384).generate();
		byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		keyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		keyServer.createContext("/jwks", exchange -> {
			fetches.incrementAndGet();
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		keyServer.start();
	}

	@AfterEach
	void stop() {
		keyServer.stop(0);
	}

	@Test
	void assertionsAreVerifiedWithKeysFetchedFromTheClientsJwksUrlOnce() throws Exception {
		JwtDecoder decoder = assertions.createDecoder(client());

		assertThat(decoder.decode(assertion(key, Instant.now().plusSeconds(120))).getSubject()).isEqualTo("remote-service");
		assertThat(decoder.decode(assertion(key, Instant.now().plusSeconds(120))).getSubject()).isEqualTo("remote-service");
		assertThat(fetches.get()).isEqualTo(1);
	}

	@Test
	void anAssertionSignedByAKeyTheUrlDoesNotPublishIsRefused() throws Exception {
		ECKey other = new ECKeyGenerator(Curve.P_384).keyID("by-url").generate();

		assertThatThrownBy(() -> assertions.createDecoder(client()).decode(assertion(other, Instant.now().plusSeconds(60))))
				.isInstanceOf(JwtException.class);
	}

	@Test
	void theValidatorRefusesALongLifeAReplayAndAnotherAudience() throws Exception {
		JwtDecoder decoder = assertions.createDecoder(client());
		assertThatThrownBy(() -> decoder.decode(assertion(key, Instant.now().plus(Duration.ofMinutes(10)))))
				.hasMessageContaining("no more than 5 minutes");
		String once = assertion(key, Instant.now().plusSeconds(60));
		decoder.decode(once);
		assertThatThrownBy(() -> decoder.decode(once)).hasMessageContaining("jti has been used already");
	}

	private RegisteredClient client() {
		return DevClients.register(new Client("remote-service", null, null,
				"http://127.0.0.1:" + keyServer.getAddress().getPort() + "/jwks", null, List.of("system/*.rs"),
				null, null, null), Duration.ofMinutes(5));
	}

	private static String assertion(ECKey signer, Instant expires) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(signer.getKeyID()).build(),
				new JWTClaimsSet.Builder()
						.issuer("remote-service")
						.subject("remote-service")
						.audience(TOKEN_ENDPOINT)
						.jwtID(UUID.randomUUID().toString())
						.expirationTime(Date.from(expires))
						.build());
		jwt.sign(new ECDSASigner(signer));
		return jwt.serialize();
	}
}
