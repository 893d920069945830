package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * A client finds out, without a token, where to get one and what it may ask for, and every document it may look in
 * says the same: the SMART configuration (root and FHIR base), the OAuth metadata (RFC 8414), the OpenID
 * configuration and the CapabilityStatement.
 */
@EmbeddedServerTest
class SmartDiscoveryIT {

	static final List<String> SHARED = List.of(
			"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "grant_types_supported",
			"response_types_supported", "token_endpoint_auth_methods_supported",
			"token_endpoint_auth_signing_alg_values_supported", "code_challenge_methods_supported", "scopes_supported");

	static final ObjectMapper JSON = new ObjectMapper();

	FhirHttp fhir;

	@Autowired
	SecurityProperties security;

	@Test
	void smartConfigurationIsPublishedAtTheRootAndUnderTheFhirBase() throws Exception {
		for (String url : new String[] {fhir.root() + "/.well-known/smart-configuration",
				fhir.base() + "/.well-known/smart-configuration"}) {
			JsonNode document = document(url);
			assertThat(document.get("token_endpoint").asText()).isEqualTo(fhir.root() + "/oauth2/token");
			assertThat(document.get("authorization_endpoint").asText()).isEqualTo(fhir.root() + "/oauth2/authorize");
			assertThat(document.get("jwks_uri").asText()).isEqualTo(fhir.root() + "/oauth2/jwks");
			assertThat(strings(document, "capabilities")).contains(
					"launch-standalone", "client-public", "client-confidential-symmetric",
					"client-confidential-asymmetric", "context-standalone-patient", "sso-openid-connect",
					"permission-v2", "permission-patient", "permission-user");
		}
	}

	@Test
	void theSmartOAuthAndOpenIdDocumentsAgree() throws Exception {
		JsonNode smart = document(fhir.root() + "/.well-known/smart-configuration");
		for (String url : List.of(fhir.base() + "/.well-known/smart-configuration",
				fhir.root() + "/.well-known/oauth-authorization-server",
				fhir.root() + "/.well-known/openid-configuration")) {
			JsonNode other = document(url);
			for (String field : SHARED) {
				assertThat(other.get(field)).as(url + " " + field).isEqualTo(smart.get(field));
			}
			// endpoints whose answers Concord's tokens do not honour are not advertised anywhere
			assertThat(other.has("revocation_endpoint")).as(url).isFalse();
			assertThat(other.has("introspection_endpoint")).as(url).isFalse();
		}
	}

	@Test
	void onlyWhatTheServerGrantsIsAdvertised() throws Exception {
		JsonNode smart = document(fhir.root() + "/.well-known/smart-configuration");

		Set<String> registered = new TreeSet<>();
		security.devServer().clients().forEach(client -> registered.addAll(client.scopes()));
		assertThat(strings(smart, "scopes_supported")).containsExactlyInAnyOrderElementsOf(registered)
				.contains("system/*.cruds", "patient/*.rs", "launch/patient", "openid", "fhirUser")
				.doesNotContain("system/*.read");
		assertThat(strings(smart, "response_types_supported")).containsExactly("code");
		assertThat(strings(smart, "grant_types_supported")).containsExactly("authorization_code", "client_credentials");
		assertThat(strings(smart, "token_endpoint_auth_methods_supported")).containsExactly(
				"client_secret_basic", "client_secret_post", "private_key_jwt", "none");
		assertThat(strings(smart, "token_endpoint_auth_signing_alg_values_supported")).containsExactly("RS384", "ES384");
		assertThat(strings(smart, "code_challenge_methods_supported")).containsExactly("S256");
	}

	@Test
	void capabilityStatementNeedsNoTokenAndNamesSmartOnFhirWithItsEndpointsAndCors() throws Exception {
		FhirHttp.Response response = fhir.anonymous().get("metadata");
		assertThat(response.status()).isEqualTo(200);
		CapabilityStatement.CapabilityStatementRestSecurityComponent security =
				response.as(CapabilityStatement.class).getRestFirstRep().getSecurity();
		assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
		// the test server allows browser apps on 127.0.0.1 (EmbeddedServerTest), so CORS is on
		assertThat(security.getCors()).isTrue();
		Extension uris = security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
		JsonNode smart = document(fhir.root() + "/.well-known/smart-configuration");
		assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo(smart.get("token_endpoint").asText());
		assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue())
				.isEqualTo(smart.get("authorization_endpoint").asText());
	}

	@Test
	void browserAppsOnAllowedOriginsMayDiscoverAndGetTokensOthersMayNot() {
		String allowed = "http://127.0.0.1:5173";
		for (String url : List.of(fhir.root() + "/.well-known/smart-configuration",
				fhir.base() + "/.well-known/smart-configuration", fhir.base() + "/metadata")) {
			assertThat(allowOrigin(HttpRequest.newBuilder(URI.create(url)).header("Origin", allowed).GET()))
					.as(url).isEqualTo(allowed);
			assertThat(allowOrigin(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://evil.example").GET()))
					.as(url).isEmpty();
		}
		HttpRequest.Builder preflight = HttpRequest.newBuilder(URI.create(fhir.root() + "/oauth2/token"))
				.header("Origin", allowed)
				.header("Access-Control-Request-Method", "POST")
				.header("Access-Control-Request-Headers", "content-type")
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody());
		assertThat(allowOrigin(preflight)).isEqualTo(allowed);
	}

	@Test
	void theSigningKeysArePublicAndHealthChecksNeedNoToken() {
		FhirHttp.Response keys = fhir.anonymous().getAny(fhir.root() + "/oauth2/jwks");
		assertThat(keys.status()).isEqualTo(200);
		assertThat(keys.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
		assertThat(fhir.anonymous().getAny(fhir.root() + "/actuator/health").status()).isEqualTo(200);
	}

	private String allowOrigin(HttpRequest.Builder request) {
		return fhir.anonymous().send(request).raw().headers().firstValue("Access-Control-Allow-Origin").orElse("");
	}

	private JsonNode document(String url) throws Exception {
		FhirHttp.Response response = fhir.anonymous().getAny(url);
		assertThat(response.status()).as(url).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static List<String> strings(JsonNode document, String field) {
		List<String> values = new java.util.ArrayList<>();
		document.path(field).forEach(value -> values.add(value.asText()));
		return values;
	}
}
