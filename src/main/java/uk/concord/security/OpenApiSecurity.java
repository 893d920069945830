package uk.concord.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.stereotype.Component;
import uk.concord.server.OpenApiCustomizer;
import uk.concord.server.ServerProperties;

/**
 * The OpenAPI description says how to get a token, so Swagger UI ({@code /fhir/swagger-ui/}, "Authorize") can send
 * one: SMART's OAuth 2.0 flows with the endpoints of {@link AuthorizationServerMetadata} (client credentials with a
 * client's id and secret; authorization code, which needs a client whose redirect URI is Swagger UI's), or a bearer
 * token obtained elsewhere and pasted in.
 */
@Component
class OpenApiSecurity implements OpenApiCustomizer {

	static final String OAUTH = "smart-oauth2";
	static final String BEARER = "bearer-token";

	private final AuthorizationServerMetadata.Source authorizationServer;
	private final ServerProperties server;

	OpenApiSecurity(AuthorizationServerMetadata.Source authorizationServer, ServerProperties server) {
		this.authorizationServer = authorizationServer;
		this.server = server;
	}

	@Override
	public void customize(OpenAPI openApi, String fhirBase) {
		String root = fhirBase.endsWith(server.basePath())
				? fhirBase.substring(0, fhirBase.length() - server.basePath().length())
				: fhirBase;
		AuthorizationServerMetadata metadata = authorizationServer.describe(root);
		Scopes scopes = new Scopes();
		metadata.scopes().forEach(scope -> scopes.addString(scope, scope));
		OAuthFlows flows = new OAuthFlows();
		if (metadata.grantTypes().contains("client_credentials") && metadata.tokenEndpoint() != null) {
			flows.clientCredentials(new OAuthFlow().tokenUrl(metadata.tokenEndpoint()).scopes(scopes));
		}
		if (metadata.grantTypes().contains("authorization_code") && metadata.authorizationEndpoint() != null) {
			flows.authorizationCode(new OAuthFlow()
					.authorizationUrl(metadata.authorizationEndpoint())
					.tokenUrl(metadata.tokenEndpoint())
					.scopes(scopes));
		}
		if (openApi.getComponents() == null) {
			openApi.components(new Components());
		}
		openApi.getComponents()
				.addSecuritySchemes(OAUTH, new SecurityScheme()
						.type(SecurityScheme.Type.OAUTH2)
						.description("SMART on FHIR: see " + root + "/.well-known/smart-configuration")
						.flows(flows))
				.addSecuritySchemes(BEARER, new SecurityScheme()
						.type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT")
						.description("An access token from the token endpoint"));
		openApi.addSecurityItem(new SecurityRequirement().addList(OAUTH));
		openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}
}
