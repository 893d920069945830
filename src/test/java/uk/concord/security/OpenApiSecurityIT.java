package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * The OpenAPI description tells Swagger UI how to get a token: SMART's OAuth 2.0 flows with the development server's
 * endpoints (the same as in the SMART configuration), or a bearer token pasted in; every operation requires one.
 */
@EmbeddedServerTest
class OpenApiSecurityIT {

	FhirHttp fhir;

	@Test
	void theOpenApiDescriptionDeclaresTheOAuthFlowsAndABearerToken() throws Exception {
		FhirHttp.Response docs = fhir.anonymous().getAny(fhir.base() + "/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		LoaderOptions large = new LoaderOptions();
		// the whole FHIR API is described: several MB of YAML
		large.setCodePointLimit(Integer.MAX_VALUE);
		JsonNode openApi = new ObjectMapper(YAMLFactory.builder().loaderOptions(large).build()).readTree(docs.body());

		JsonNode flows = openApi.at("/components/securitySchemes/smart-oauth2/flows");
		assertThat(openApi.at("/components/securitySchemes/smart-oauth2/type").asText()).isEqualTo("oauth2");
		assertThat(flows.at("/clientCredentials/tokenUrl").asText()).isEqualTo(fhir.root() + "/oauth2/token");
		assertThat(flows.at("/authorizationCode/authorizationUrl").asText()).isEqualTo(fhir.root() + "/oauth2/authorize");
		assertThat(flows.at("/authorizationCode/tokenUrl").asText()).isEqualTo(fhir.root() + "/oauth2/token");
		assertThat(flows.at("/clientCredentials/scopes").has("system/*.cruds")).isTrue();
		assertThat(flows.at("/authorizationCode/scopes").has("launch/patient")).isTrue();
		assertThat(openApi.at("/components/securitySchemes/bearer-token/scheme").asText()).isEqualTo("bearer");
		assertThat(openApi.get("security").toString()).contains("smart-oauth2", "bearer-token");
	}
}
