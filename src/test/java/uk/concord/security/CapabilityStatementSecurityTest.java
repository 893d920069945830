package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import uk.concord.server.ServerProperties;

/**
 * The CapabilityStatement's security block says what is configured: CORS on or off as
 * {@code concord.server.cors.enabled} says (the running test server has it on: SmartDiscoveryIT), SMART on FHIR,
 * and the authorization server's token and authorize endpoints.
 */
class CapabilityStatementSecurityTest {

	@Test
	void corsIsAdvertisedOnlyWhenItIsOnAndTheEndpointsAreTheAuthorizationServers() {
		CapabilityStatement.CapabilityStatementRestSecurityComponent off = securityBlock(false);
		assertThat(off.getCors()).isFalse();
		assertThat(off.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
		var uris = off.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
		assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo("https://concord.example/oauth2/token");
		assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue())
				.isEqualTo("https://concord.example/oauth2/authorize");

		assertThat(securityBlock(true).getCors()).isTrue();
	}

	private static CapabilityStatement.CapabilityStatementRestSecurityComponent securityBlock(boolean cors) {
		ServerProperties server = new ServerProperties("/fhir", "data", "", 20, 200, true, true,
				new ServerProperties.Cors(cors, List.of()), 1_000_000, false);
		AuthorizationServerMetadata.Source issuer = root -> new AuthorizationServerMetadata(
				root, root + "/oauth2/authorize", root + "/oauth2/token", root + "/oauth2/jwks", List.of("authorization_code"),
				List.of("code"), List.of("none"), List.of(), List.of("S256"), List.of("openid"), List.of());
		SystemRequestDetails request = new SystemRequestDetails();
		request.setFhirServerBase("https://concord.example/fhir");
		CapabilityStatement statement = new CapabilityStatement();
		new SmartConfiguration(issuer, server).advertise(statement, request);
		return statement.getRestFirstRep().getSecurity();
	}
}
