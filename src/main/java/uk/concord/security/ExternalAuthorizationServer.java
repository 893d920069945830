package uk.concord.security;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Production: tokens come from an external issuer (NHS CIS2, NHS login, Keycloak, ...), whose endpoints are
 * configured. What it grants is its business; Concord publishes the endpoints and the SMART permissions it honours.
 */
@Component
@ConditionalOnProperty(name = "concord.security.dev-server.enabled", havingValue = "false", matchIfMissing = true)
class ExternalAuthorizationServer implements AuthorizationServerMetadata.Source {

	private final SecurityProperties properties;

	ExternalAuthorizationServer(SecurityProperties properties) {
		this.properties = properties;
	}

	@Override
	public AuthorizationServerMetadata describe(String root) {
		boolean signsIn = properties.authorizeEndpoint() != null && !properties.authorizeEndpoint().isBlank();
		return new AuthorizationServerMetadata(
				properties.issuer(),
				properties.authorizeEndpoint(),
				properties.tokenEndpoint(),
				properties.jwkSetUri(),
				signsIn ? List.of("authorization_code", "client_credentials") : List.of("client_credentials"),
				signsIn ? List.of("code") : List.of(),
				List.of(),
				List.of(),
				signsIn ? List.of("S256") : List.of(),
				List.of(),
				List.of("permission-v1", "permission-v2", "permission-patient", "permission-user"));
	}
}
