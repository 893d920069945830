package uk.concord.security.devserver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * SMART Backend Services client authentication ({@code private_key_jwt}, RFC 7523): the client signs a short-lived
 * JWT with its private key; Concord checks it with the client's registered public keys (inline JWKS, or fetched from
 * its JWKS URL and cached) and accepts only RS384 and ES384 signatures, {@code iss} = {@code sub} = the client id,
 * {@code aud} = the token endpoint, an {@code exp} at most five minutes ahead, and a {@code jti} never seen before.
 * Plugged into Spring Authorization Server's own client assertion authentication.
 */
final class ClientAssertions implements JwtDecoderFactory<RegisteredClient> {

	private static final Logger LOG = LoggerFactory.getLogger(ClientAssertions.class);

	/** The signing algorithms SMART Backend Services requires servers to support; no others are accepted. */
	static final List<String> ALGORITHMS = List.of(JWSAlgorithm.RS384.getName(), JWSAlgorithm.ES384.getName());

	/** Client setting holding an inline JWKS (JSON). */
	static final String INLINE_JWKS = "concord.jwks";

	static final Duration LONGEST_LIFETIME = Duration.ofMinutes(5);
	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private final Supplier<Collection<String>> tokenEndpoints;
	private final Clock clock;
	private final Cache<String, Instant> seen;
	private final Cache<String, JwtDecoder> decoders = Caffeine.newBuilder().build();

	/** @param tokenEndpoints the URLs of the token endpoint an assertion may name as its audience (per request) */
	ClientAssertions(Supplier<Collection<String>> tokenEndpoints, Clock clock) {
		this.tokenEndpoints = tokenEndpoints;
		this.clock = clock;
		// each jti is remembered until its assertion has expired; after that the assertion is refused for its exp
		this.seen = Caffeine.newBuilder()
				.maximumSize(1_000_000)
				.expireAfter(new Expiry<String, Instant>() {
					@Override
					public long expireAfterCreate(String jti, Instant expiry, long now) {
						Duration left = Duration.between(clock.instant(), expiry.plus(CLOCK_SKEW));
						return left.isNegative() ? 0 : left.toNanos();
					}

					@Override
					public long expireAfterUpdate(String jti, Instant expiry, long now, long remaining) {
						return remaining;
					}

					@Override
					public long expireAfterRead(String jti, Instant expiry, long now, long remaining) {
						return remaining;
					}
				})
				.build();
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		return decoders.get(client.getId(), id -> decoder(client));
	}

	private JwtDecoder decoder(RegisteredClient client) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
				Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384), keys(client)));
		// claims are checked by the validator below, with OAuth error messages
		processor.setJWTClaimsSetVerifier((claims, context) -> {});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(validator(client.getClientId()));
		return assertion -> {
			try {
				return decoder.decode(assertion);
			} catch (JwtException refused) {
				// the client is told only invalid_client (RFC 6749); its developer finds the reason in the log
				LOG.info("Client assertion of {} refused: {}", client.getClientId(), refused.getMessage());
				throw refused;
			}
		};
	}

	private static JWKSource<SecurityContext> keys(RegisteredClient client) {
		Object inline = client.getClientSettings().getSetting(INLINE_JWKS);
		try {
			if (inline != null) {
				return new ImmutableJWKSet<>(JWKSet.parse(inline.toString()));
			}
			return JWKSourceBuilder.create(URI.create(client.getClientSettings().getJwkSetUrl()).toURL())
					.retrying(false)
					.build();
		} catch (ParseException | MalformedURLException | IllegalArgumentException e) {
			throw new IllegalStateException("Client " + client.getClientId() + " has unusable keys: " + e.getMessage(), e);
		}
	}

	/** Parses a client's inline JWKS, so that a bad one stops start-up rather than every token request. */
	static void checkInlineKeys(String clientId, String jwks) {
		try {
			JWKSet keys = JWKSet.parse(jwks);
			if (keys.getKeys().isEmpty() || keys.getKeys().stream().anyMatch(key -> key.isPrivate())) {
				throw new IllegalArgumentException("it must hold public keys only, at least one");
			}
		} catch (ParseException | IllegalArgumentException e) {
			throw new IllegalStateException("concord.security.dev-server.clients: the jwks of " + clientId
					+ " is not a usable JSON Web Key Set: " + e.getMessage(), e);
		}
	}

	OAuth2TokenValidator<Jwt> validator(String clientId) {
		return assertion -> {
			Instant now = clock.instant();
			if (!clientId.equals(assertion.getClaimAsString("iss")) || !clientId.equals(assertion.getSubject())) {
				return invalid("iss and sub must both be the client id");
			}
			List<String> audience = assertion.getAudience();
			if (audience == null || audience.stream().noneMatch(tokenEndpoints.get()::contains)) {
				return invalid("aud must be the token endpoint, " + String.join(" or ", tokenEndpoints.get()));
			}
			Instant expires = assertion.getExpiresAt();
			if (expires == null) {
				return invalid("exp is required");
			}
			if (expires.plus(CLOCK_SKEW).isBefore(now)) {
				return invalid("the assertion has expired");
			}
			if (expires.isAfter(now.plus(LONGEST_LIFETIME).plus(CLOCK_SKEW))) {
				return invalid("exp must be no more than 5 minutes in the future");
			}
			if (assertion.getNotBefore() != null && assertion.getNotBefore().minus(CLOCK_SKEW).isAfter(now)) {
				return invalid("the assertion is not valid yet (nbf)");
			}
			String jti = assertion.getId();
			if (jti == null || jti.isBlank()) {
				return invalid("jti is required");
			}
			if (seen.asMap().putIfAbsent(clientId + " " + jti, expires) != null) {
				return invalid("this jti has been used already: an assertion is good for one token request");
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	/**
	 * SMART Backend Services clients send no {@code client_id} (RFC 7523 makes it optional; the assertion names the
	 * client), which Spring Authorization Server requires: it is taken from the assertion's {@code sub}, unverified,
	 * since the assertion is then checked against that client's keys and must name it as {@code iss} and {@code sub}.
	 */
	static AuthenticationConverter clientIdFromAssertion(AuthenticationConverter converter) {
		return request -> {
			String assertion = request.getParameter("client_assertion");
			if (assertion == null || request.getParameter("client_id") != null) {
				return converter.convert(request);
			}
			String subject;
			try {
				subject = JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
			} catch (ParseException malformed) {
				return converter.convert(request);
			}
			if (subject == null) {
				return converter.convert(request);
			}
			Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
			parameters.put("client_id", new String[] {subject});
			return converter.convert(new HttpServletRequestWrapper(request) {
				@Override
				public String getParameter(String name) {
					String[] values = parameters.get(name);
					return values == null ? null : values[0];
				}

				@Override
				public Map<String, String[]> getParameterMap() {
					return parameters;
				}

				@Override
				public String[] getParameterValues(String name) {
					return parameters.get(name);
				}

				@Override
				public Enumeration<String> getParameterNames() {
					return Collections.enumeration(parameters.keySet());
				}
			});
		};
	}

	private static OAuth2TokenValidatorResult invalid(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
				"Client assertion refused: " + description, "https://datatracker.ietf.org/doc/html/rfc7523#section-3"));
	}
}
