package uk.concord.security.devserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import uk.concord.security.SecurityProperties.Client;

/**
 * The development server's clients, as Spring Authorization Server registrations: how each authenticates and which
 * grants it may use follow from its configuration (see {@link Client}).
 */
final class DevClients {

	/** Client settings carrying the context a client-credentials token is bound to. */
	static final String PATIENT = "concord.patient";
	static final String FHIR_USER = "concord.fhirUser";
	static final String ORGANIZATION = "concord.organization";

	private DevClients() {}

	static List<RegisteredClient> register(List<Client> clients, Duration tokenLifetime) {
		return clients.stream().map(client -> register(client, tokenLifetime)).toList();
	}

	static RegisteredClient register(Client client, Duration tokenLifetime) {
		RegisteredClient.Builder registration = RegisteredClient.withId(client.id()).clientId(client.id());
		ClientSettings.Builder settings = ClientSettings.builder();
		if (client.hasSecret()) {
			registration.clientSecret("{noop}" + client.secret())
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		if (client.hasKeys()) {
			registration.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
			// which of RS384/ES384 a key uses is checked by ClientAssertions; this only marks it asymmetric
			settings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384);
			if (client.jwks() != null && !client.jwks().isBlank()) {
				ClientAssertions.checkInlineKeys(client.id(), client.jwks());
				settings.setting(ClientAssertions.INLINE_JWKS, client.jwks());
			} else {
				settings.jwkSetUrl(client.jwksUri());
			}
		}
		if (!client.isPublic()) {
			registration.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
		} else {
			registration.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		if (!client.redirectUris().isEmpty()) {
			registration.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
					.redirectUris(uris -> uris.addAll(client.redirectUris()));
			// PKCE (S256) for every app that signs people in; public apps could not be told apart from impostors
			settings.requireProofKey(true);
		}
		for (Map.Entry<String, String> bound : Map.of(
				PATIENT, nullToEmpty(client.patient()),
				FHIR_USER, nullToEmpty(client.fhirUser()),
				ORGANIZATION, nullToEmpty(client.organization())).entrySet()) {
			if (!bound.getValue().isEmpty()) {
				settings.setting(bound.getKey(), bound.getValue());
			}
		}
		return registration
				.scopes(scopes -> scopes.addAll(client.scopes()))
				.clientSettings(settings.build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build())
				.build();
	}

	private static String nullToEmpty(String value) {
		return value == null ? "" : value;
	}
}
