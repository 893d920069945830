package uk.concord.security.devserver;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import uk.concord.security.SecurityProperties;

/**
 * Which scopes a token is granted, decided before Spring Authorization Server issues it (so the token, its
 * {@code scope} claim and the token response's {@code scope} always agree):
 * <ul>
 *   <li>a client that names no scope is granted all its registered ones (client credentials and sign-in alike);</li>
 *   <li>a signed-in person is granted only what they may have: {@code openid}, {@code fhirUser} and
 *       {@code profile}, {@code launch/patient} if they are bound to a patient, and the data scopes of their
 *       configuration. What else an app asks for is left out of the grant, as SMART allows, not refused.</li>
 * </ul>
 */
final class GrantedScopes {

	static final String LAUNCH_PATIENT = "launch/patient";
	static final Set<String> IDENTITY = Set.of("openid", "fhirUser", "profile");

	private final RegisteredClientRepository clients;
	private final DevUsers users;

	GrantedScopes(RegisteredClientRepository clients, DevUsers users) {
		this.clients = clients;
		this.users = users;
	}

	/** Whether a scope asks for who the user is or for launch context rather than for data. */
	static boolean isIdentityOrLaunch(String scope) {
		return IDENTITY.contains(scope) || scope.startsWith("launch");
	}

	/** The scopes a signed-in person may be granted out of those asked for. */
	static Set<String> forUser(SecurityProperties.User user, Set<String> requested) {
		return requested.stream()
				.filter(scope -> IDENTITY.contains(scope)
						|| (LAUNCH_PATIENT.equals(scope) && user.isBoundToPatient())
						|| user.scopes().contains(scope))
				.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/** Client credentials: no scope asked for means every registered data scope. */
	AuthenticationConverter clientCredentials(AuthenticationConverter converter) {
		return request -> {
			Authentication converted = converter.convert(request);
			if (converted instanceof OAuth2ClientCredentialsAuthenticationToken token && token.getScopes().isEmpty()
					&& token.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
					&& client.getRegisteredClient() != null) {
				Set<String> registered = client.getRegisteredClient().getScopes().stream()
						.filter(scope -> !isIdentityOrLaunch(scope))
						.collect(Collectors.toCollection(LinkedHashSet::new));
				return new OAuth2ClientCredentialsAuthenticationToken(client, registered, token.getAdditionalParameters());
			}
			return converted;
		};
	}

	/** Authorization requests: once the person has signed in, the grant is narrowed to what they may have. */
	AuthenticationConverter authorizationRequests(AuthenticationConverter converter) {
		return request -> {
			Authentication converted = converter.convert(request);
			if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken token)
					|| !(token.getPrincipal() instanceof Authentication principal) || !principal.isAuthenticated()) {
				return converted;
			}
			SecurityProperties.User user = users.find(principal.getName()).orElse(null);
			if (user == null) {
				return converted;
			}
			Set<String> requested = token.getScopes();
			if (requested.isEmpty()) {
				RegisteredClient client = clients.findByClientId(token.getClientId());
				requested = client == null ? Set.of() : client.getScopes();
			}
			return new OAuth2AuthorizationCodeRequestAuthenticationToken(token.getAuthorizationUri(), token.getClientId(),
					principal, token.getRedirectUri(), token.getState(), forUser(user, requested),
					token.getAdditionalParameters());
		};
	}
}
