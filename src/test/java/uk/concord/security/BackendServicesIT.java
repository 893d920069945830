package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * SMART Backend Services, as an NHS system integrates: the demo client {@code backend-service} authenticates with a
 * JWT signed by its private key (RS384 or ES384; the keys are demo-only, in test resources), discovered from the
 * SMART configuration, and reads with the token it gets. Every way an assertion can be wrong is refused with 401
 * {@code invalid_client}, and the server's log says why.
 */
@EmbeddedServerTest
@ExtendWith(OutputCaptureExtension.class)
class BackendServicesIT {

	static final String CLIENT = "backend-service";
	static final ObjectMapper JSON = new ObjectMapper();

	FhirHttp fhir;
	JWKSet keys;
	String tokenEndpoint;

	@BeforeEach
	void discoverTheTokenEndpointAndLoadTheDemoKeys() throws Exception {
		keys = JWKSet.parse(Files.readString(Path.of("src/test/resources/security/backend-service-demo-private-keys.json")));
		JsonNode smart = JSON.readTree(fhir.anonymous().getAny(fhir.base() + "/.well-known/smart-configuration").body());
		tokenEndpoint = smart.get("token_endpoint").asText();
		assertThat(smart.get("token_endpoint_auth_methods_supported").toString()).contains("private_key_jwt");
		assertThat(smart.get("capabilities").toString()).contains("client-confidential-asymmetric");
		// a token issued forgets earlier failures, which the token endpoint otherwise slows down (TokenThrottleIT)
		assertThat(requestToken(assertion(JWSAlgorithm.RS384, "backend-service-rs384", c -> c)).status()).isEqualTo(200);
	}

	@Test
	void aClientSigningWithItsRs384KeyGetsATokenAndReads() throws Exception {
		FhirHttp.Response response = requestToken(assertion(JWSAlgorithm.RS384, "backend-service-rs384", c -> c));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode token = JSON.readTree(response.body());
		assertThat(token.get("scope").asText()).isEqualTo("system/*.rs");
		assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
		FhirHttp.Response read = withToken(token.get("access_token").asText(), "Patient/dmd-child");
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).contains("\"id\":\"dmd-child\"");
	}

	@Test
	void aClientSigningWithItsEs384KeyGetsATokenThatReadsButCannotWrite() throws Exception {
		FhirHttp.Response response = requestToken(assertion(JWSAlgorithm.ES384, "backend-service-es384", c -> c));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String token = JSON.readTree(response.body()).get("access_token").asText();
		FhirHttp.Response write = fhir.anonymous().send(HttpRequest.newBuilder(fhir.uri("Patient"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\"}")));
		assertThat(write.status()).isEqualTo(403);
	}

	@Test
	void anAssertionSignedWithAnAlgorithmOtherThanRs384OrEs384IsRefused(CapturedOutput log) throws Exception {
		assertRefused(assertion(JWSAlgorithm.RS256, "backend-service-rs384", c -> c), log, "no matching key");
		assertRefused(assertion(JWSAlgorithm.RS512, "backend-service-rs384", c -> c), log, "no matching key");
		SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS384).keyID("backend-service-rs384").build(),
				claims().build());
		hmac.sign(new MACSigner(new byte[48]));
		assertRefused(hmac.serialize(), log, "no matching key");
	}

	@Test
	void anExpiredAssertionOrOneValidForMoreThanFiveMinutesIsRefused(CapturedOutput log) throws Exception {
		Instant now = Instant.now();
		assertRefused(assertion(JWSAlgorithm.RS384, "backend-service-rs384", c -> c
				.issueTime(Date.from(now.minusSeconds(400)))
				.expirationTime(Date.from(now.minusSeconds(120)))), log, "the assertion has expired");
		assertRefused(assertion(JWSAlgorithm.RS384, "backend-service-rs384",
				c -> c.expirationTime(Date.from(now.plus(Duration.ofMinutes(30))))), log, "no more than 5 minutes");
		assertRefused(assertion(JWSAlgorithm.RS384, "backend-service-rs384",
				c -> c.expirationTime(null)), log, "exp is required");
	}

	@Test
	void anAssertionCanBeUsedOnceOnly(CapturedOutput log) throws Exception {
		String assertion = assertion(JWSAlgorithm.ES384, "backend-service-es384", c -> c);
		assertThat(requestToken(assertion).status()).isEqualTo(200);

		assertRefused(assertion, log, "jti has been used already");
		assertRefused(assertion(JWSAlgorithm.ES384, "backend-service-es384", c -> c.jwtID(null)), log, "jti is required");
	}

	@Test
	void anAssertionForAnotherAudienceIsRefused(CapturedOutput log) throws Exception {
		assertRefused(assertion(JWSAlgorithm.RS384, "backend-service-rs384",
				c -> c.audience("https://other-server.example/oauth2/token")), log, "aud must be the token endpoint");
		assertRefused(assertion(JWSAlgorithm.RS384, "backend-service-rs384",
				c -> c.audience(fhir.base())), log, "aud must be the token endpoint");
	}

	@Test
	void anAssertionWithAnUnknownKeyIdOrSignedByAnotherKeyIsRefused(CapturedOutput log) throws Exception {
		assertRefused(assertion(JWSAlgorithm.RS384, "somebody-elses-key", c -> c), log, "no matching key");
		// the registered key id, but an attacker's key
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("backend-service-rs384").build(),
				claims().build());
		forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
		assertRefused(forged.serialize(), log, "Invalid signature");
	}

	@Test
	void anAssertionNamingAnotherClientAsIssuerIsRefused(CapturedOutput log) throws Exception {
		assertRefused(assertion(JWSAlgorithm.RS384, "backend-service-rs384", c -> c.issuer("ehr-system")), log,
				"iss and sub must both be the client id");
	}

	@Test
	void theBackendClientHasNoSecretThatCouldBeGuessed() {
		FhirHttp.Response response = fhir.tokenResponse(CLIENT, "guess", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).contains("invalid_client");
	}

	private void assertRefused(String assertion, CapturedOutput log, String reason) {
		FhirHttp.Response response = requestToken(assertion);
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).contains("invalid_client").doesNotContain("access_token");
		assertThat(log.getOut()).contains("Client assertion of backend-service refused").contains(reason);
	}

	private JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder()
				.issuer(CLIENT)
				.subject(CLIENT)
				.audience(tokenEndpoint)
				.jwtID(UUID.randomUUID().toString())
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(240)));
	}

	private String assertion(JWSAlgorithm algorithm, String keyId, UnaryOperator<JWTClaimsSet.Builder> change)
			throws Exception {
		JWSSigner signer = JWSAlgorithm.Family.EC.contains(algorithm)
				? new ECDSASigner(keys.getKeyByKeyId("backend-service-es384").toECKey())
				: new RSASSASigner(keys.getKeyByKeyId("backend-service-rs384").toRSAKey());
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT).build(),
				change.apply(claims()).build());
		jwt.sign(signer);
		return jwt.serialize();
	}

	private FhirHttp.Response requestToken(String assertion) {
		String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("system/*.rs", StandardCharsets.UTF_8)
				+ "&client_assertion_type=" + URLEncoder.encode(
						"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
				+ "&client_assertion=" + assertion;
		return fhir.anonymous().send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private FhirHttp.Response withToken(String token, String path) {
		return fhir.anonymous().send(HttpRequest.newBuilder(fhir.uri(path))
				.header("Accept", "application/fhir+json")
				.header("Authorization", "Bearer " + token));
	}
}
