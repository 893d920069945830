package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * Only tokens the trusted issuer signed, for this audience, still in date, are accepted: everything else is a 401
 * with an OperationOutcome, whatever the token claims. Forged tokens here are signed with the development server's
 * own key where the point is a wrong claim, so that the claim alone is what is refused.
 */
@EmbeddedServerTest
class AccessTokenIT {

	FhirHttp fhir;

	@Value("${concord.server.data-dir}")
	String dataDir;

	@Value("${concord.security.issuer}")
	String issuer;

	@Test
	void theServersOwnTokenIsAccepted() throws Exception {
		assertThat(withToken(signed(claims().build(), devKey())).status()).isEqualTo(200);
	}

	@Test
	void missingOrMalformedTokensAre401() {
		assertThat(fhir.anonymous().get("Patient").status()).isEqualTo(401);
		assertRejected(withToken("not-a-jwt"));
		assertRejected(withAuthorization("Basic " + Base64.getEncoder().encodeToString("ehr-system:ehr-system-secret".getBytes())));
		// a token is letters, digits and -._~+/ with = at its end only; the scheme's case does not matter
		FhirHttp.Response twoWords = withAuthorization("Bearer " + fhir.token() + " extra");
		assertRejected(twoWords);
		assertThat(twoWords.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				challenge -> assertThat(challenge).contains("error=\"invalid_token\"", "malformed"));
		assertRejected(withAuthorization("Bearer " + fhir.token() + "=x"));
		assertThat(withAuthorization("bEARER " + fhir.token()).status()).isEqualTo(200);
	}

	@Test
	void aTamperedTokenIs401() {
		String[] parts = fhir.token().split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("ehr-system", "ehr-systen");
		String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
				.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
		assertRejected(withToken(tampered));
	}

	@Test
	void anExpiredTokenIs401() throws Exception {
		JWTClaimsSet expired = claims()
				.issueTime(Date.from(Instant.now().minusSeconds(7200)))
				.expirationTime(Date.from(Instant.now().minusSeconds(3600)))
				.build();
		FhirHttp.Response response = withToken(signed(expired, devKey()));
		assertRejected(response);
		assertThat(response.body()).containsIgnoringCase("expired");
	}

	@Test
	void aTokenWithoutExpiryIs401() throws Exception {
		assertRejected(withToken(signed(claims().expirationTime(null).build(), devKey())));
	}

	@Test
	void aTokenForAnotherAudienceIs401() throws Exception {
		assertRejected(withToken(signed(claims().audience("another-fhir-server").build(), devKey())));
	}

	@Test
	void aTokenFromAnotherIssuerIs401() throws Exception {
		assertRejected(withToken(signed(claims().issuer("https://attacker.example").build(), devKey())));
	}

	@Test
	void aTokenSignedWithAnotherKeyIs401() throws Exception {
		assertRejected(withToken(signed(claims().build(), new RSAKeyGenerator(2048).keyID("attacker").generate())));
	}

	@Test
	void anUnsignedAlgNoneTokenIs401() {
		assertRejected(withToken(new PlainJWT(claims().build()).serialize()));
		// the same, with the signature part left empty as some libraries send it
		String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
		String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims().build().toString().getBytes());
		assertRejected(withToken(header + "." + body + "."));
	}

	@Test
	void anHmacTokenKeyedWithThePublicKeyIs401() throws Exception {
		byte[] publicKey = devKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
		jwt.sign(new MACSigner(java.util.Arrays.copyOf(publicKey, Math.max(64, publicKey.length))));
		assertRejected(withToken(jwt.serialize()));
	}

	@Test
	void theDevelopmentServerRefusesAWrongSecretAndAnUnregisteredScope() {
		assertThat(fhir.tokenResponse("ehr-system", "wrong", null).status()).isEqualTo(401);
		FhirHttp.Response scope = fhir.tokenResponse("patient-app", "patient-app-secret", "system/*.cruds");
		assertThat(scope.status()).isEqualTo(400);
		assertThat(scope.body()).contains("invalid_scope");
		FhirHttp.Response registered = fhir.tokenResponse("ehr-system", "ehr-system-secret", "system/*.cruds");
		assertThat(registered.status()).isEqualTo(200);
		assertThat(registered.body()).contains("\"scope\":\"system/*.cruds\"", "\"token_type\":\"Bearer\"");
	}

	private JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder()
				.issuer(issuer)
				.subject("ehr-system")
				.audience(List.of("concord"))
				.claim("client_id", "ehr-system")
				.claim("scope", "system/*.cruds")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)));
	}

	private RSAKey devKey() throws Exception {
		return RSAKey.parse(Files.readString(Path.of(dataDir, "security/dev-signing-key.json")));
	}

	private static String signed(JWTClaimsSet claims, RSAKey key) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private FhirHttp.Response withToken(String token) {
		return withAuthorization("Bearer " + token);
	}

	private FhirHttp.Response withAuthorization(String authorization) {
		return fhir.anonymous().send(HttpRequest.newBuilder(fhir.uri("Patient?_count=1"))
				.header("Accept", "application/fhir+json")
				.header("Authorization", authorization));
	}

	private static void assertRejected(FhirHttp.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"").doesNotContain("Exception");
		assertThat(response.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				challenge -> assertThat(challenge).startsWith("Bearer"));
	}
}
