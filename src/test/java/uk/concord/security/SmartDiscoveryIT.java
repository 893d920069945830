package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/** A SMART client finds out, without a token, where to get one and what it may ask for. */
@EmbeddedServerTest
class SmartDiscoveryIT {

	FhirHttp fhir;

	@Test
	void smartConfigurationIsPublishedAtTheRootAndUnderTheFhirBase() throws Exception {
		for (String url : new String[] {fhir.root() + "/.well-known/smart-configuration",
				fhir.base() + "/.well-known/smart-configuration"}) {
			FhirHttp.Response response = fhir.anonymous().getAny(url);
			assertThat(response.status()).as(url).isEqualTo(200);
			JsonNode document = new ObjectMapper().readTree(response.body());
			assertThat(document.get("token_endpoint").asText()).isEqualTo(fhir.root() + "/oauth2/token");
			assertThat(document.get("jwks_uri").asText()).isEqualTo(fhir.root() + "/oauth2/jwks");
			assertThat(document.get("capabilities").toString()).contains("permission-v2", "permission-patient");
			assertThat(document.get("grant_types_supported").toString()).contains("client_credentials");
		}
	}

	@Test
	void capabilityStatementNeedsNoTokenAndNamesSmartOnFhir() {
		FhirHttp.Response response = fhir.anonymous().get("metadata");
		assertThat(response.status()).isEqualTo(200);
		CapabilityStatement.CapabilityStatementRestSecurityComponent security =
				response.as(CapabilityStatement.class).getRestFirstRep().getSecurity();
		assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
		assertThat(security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")
				.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo(fhir.root() + "/oauth2/token");
	}

	@Test
	void theSigningKeysArePublicAndHealthChecksNeedNoToken() {
		FhirHttp.Response keys = fhir.anonymous().getAny(fhir.root() + "/oauth2/jwks");
		assertThat(keys.status()).isEqualTo(200);
		assertThat(keys.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
		assertThat(fhir.anonymous().getAny(fhir.root() + "/actuator/health").status()).isEqualTo(200);
	}
}
