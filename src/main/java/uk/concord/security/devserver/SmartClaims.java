package uk.concord.security.devserver;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import uk.concord.security.SecurityProperties;

/**
 * SMART's claims. An access token carries the audience Concord checks, the client, its scopes as one string, and
 * whom it acts for: with client credentials, the patient, user and organisation the client is registered with;
 * after a sign-in, the person's {@code fhirUser}, their organisation (clinicians) or the patient whose record they
 * see (patients, parents, carers: SMART's {@code patient} launch context). The ID token of an {@code openid fhirUser}
 * sign-in carries {@code fhirUser} as an absolute URL.
 */
final class SmartClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final String audience;
	private final DevUsers users;
	private final Supplier<String> fhirBase;

	SmartClaims(String audience, DevUsers users, Supplier<String> fhirBase) {
		this.audience = audience;
		this.users = users;
		this.fhirBase = fhirBase;
	}

	/** Whom a token acts for. */
	record Binding(String patient, String fhirUser, String organization) {}

	@Override
	public void customize(JwtEncodingContext context) {
		var claims = context.getClaims();
		Set<String> scopes = context.getAuthorizedScopes();
		Binding binding = binding(context);
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			claims.audience(List.of(audience));
			claims.claim("client_id", context.getRegisteredClient().getClientId());
			claims.claim("scope", String.join(" ", scopes));
			if (binding.patient() != null) {
				claims.claim("patient", binding.patient());
			}
			if (binding.fhirUser() != null) {
				claims.claim("fhirUser", binding.fhirUser());
			}
			if (binding.organization() != null) {
				claims.claim("organization", binding.organization());
			}
		} else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
				&& scopes.contains("fhirUser") && binding.fhirUser() != null) {
			claims.claim("fhirUser", fhirBase.get() + "/" + binding.fhirUser());
		}
	}

	private Binding binding(JwtEncodingContext context) {
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			RegisteredClient client = context.getRegisteredClient();
			return new Binding(
					client.getClientSettings().getSetting(DevClients.PATIENT),
					client.getClientSettings().getSetting(DevClients.FHIR_USER),
					client.getClientSettings().getSetting(DevClients.ORGANIZATION));
		}
		SecurityProperties.User user = context.getPrincipal() == null
				? null
				: users.find(context.getPrincipal().getName()).orElse(null);
		if (user == null) {
			return new Binding(null, null, null);
		}
		return new Binding(user.patient(), user.fhirUser(), user.organization());
	}
}
