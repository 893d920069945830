package uk.concord.security.devserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import uk.concord.security.AuthorizationServerMetadata;
import uk.concord.security.SecurityProperties;
import uk.concord.security.SecurityProperties.Client;
import uk.concord.security.ServerRoot;
import uk.concord.server.ServerProperties;

/**
 * What the development server offers, worked out from its registered clients: the grants, client authentication
 * methods and scopes some client can actually use, nothing more. Spring Authorization Server's own discovery
 * documents (RFC 8414, OpenID) are rewritten to say the same ({@link #publish()}).
 */
final class DevServerMetadata implements AuthorizationServerMetadata.Source {

	/** Endpoints Spring Authorization Server lists by default that Concord's tokens do not honour or that are off. */
	private static final Set<String> NOT_OFFERED = Set.of(
			"revocation_endpoint", "revocation_endpoint_auth_methods_supported", "introspection_endpoint",
			"introspection_endpoint_auth_methods_supported", "pushed_authorization_request_endpoint",
			"device_authorization_endpoint", "dpop_signing_alg_values_supported",
			"tls_client_certificate_bound_access_tokens", "registration_endpoint");

	private final SecurityProperties properties;
	private final ServerProperties server;
	private final String authorizePath;
	private final String tokenPath;
	private final String jwksPath;

	DevServerMetadata(SecurityProperties properties, ServerProperties server, String authorizePath, String tokenPath,
			String jwksPath) {
		this.properties = properties;
		this.server = server;
		this.authorizePath = authorizePath;
		this.tokenPath = tokenPath;
		this.jwksPath = jwksPath;
	}

	@Override
	public AuthorizationServerMetadata describe(String root) {
		List<Client> clients = properties.devServer().clients();
		boolean secrets = clients.stream().anyMatch(Client::hasSecret);
		boolean keys = clients.stream().anyMatch(Client::hasKeys);
		boolean publicApps = clients.stream().anyMatch(Client::isPublic);
		boolean signIn = clients.stream().anyMatch(c -> !c.redirectUris().isEmpty());
		boolean confidential = clients.stream().anyMatch(c -> !c.isPublic());
		Set<String> scopes = new TreeSet<>();
		clients.forEach(c -> scopes.addAll(c.scopes()));

		List<String> grants = new ArrayList<>();
		List<String> methods = new ArrayList<>();
		List<String> capabilities = new ArrayList<>();
		if (signIn) {
			grants.add("authorization_code");
			capabilities.add("launch-standalone");
		}
		if (confidential) {
			grants.add("client_credentials");
		}
		if (secrets) {
			methods.addAll(List.of("client_secret_basic", "client_secret_post"));
			capabilities.add("client-confidential-symmetric");
		}
		if (keys) {
			methods.add("private_key_jwt");
			capabilities.add("client-confidential-asymmetric");
		}
		if (publicApps) {
			methods.add("none");
			capabilities.add("client-public");
		}
		if (signIn && scopes.contains(GrantedScopes.LAUNCH_PATIENT)) {
			capabilities.add("context-standalone-patient");
		}
		if (signIn && scopes.contains("openid") && scopes.contains("fhirUser")) {
			capabilities.add("sso-openid-connect");
		}
		capabilities.addAll(List.of("permission-v1", "permission-v2", "permission-patient", "permission-user"));
		return new AuthorizationServerMetadata(
				properties.issuer(),
				signIn ? root + authorizePath : null,
				root + tokenPath,
				root + jwksPath,
				grants,
				signIn ? List.of("code") : List.of(),
				methods,
				keys ? ClientAssertions.ALGORITHMS : List.of(),
				signIn ? List.of("S256") : List.of(),
				List.copyOf(scopes),
				capabilities);
	}

	/**
	 * Rewrites a discovery document of Spring Authorization Server: its endpoints are named after the configured
	 * issuer, Concord's after the address the client used (as in the SMART configuration); endpoints Concord does
	 * not offer are removed; the shared fields are {@link #describe}'s.
	 */
	Consumer<Map<String, Object>> publish() {
		return claims -> {
			String root = ServerRoot.ofCurrentRequest(server);
			String issuer = properties.issuer();
			claims.replaceAll((name, value) -> value instanceof String text && text.startsWith(issuer + "/")
					? root + text.substring(issuer.length())
					: value);
			NOT_OFFERED.forEach(claims::remove);
			claims.putAll(describe(root).oauthFields());
		};
	}
}
