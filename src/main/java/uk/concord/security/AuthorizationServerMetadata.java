package uk.concord.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the authorization server that issues Concord's tokens offers, in one place, so that every document that
 * describes it says the same: the SMART configuration ({@code /.well-known/smart-configuration}), the RFC 8414
 * metadata ({@code /.well-known/oauth-authorization-server}), the OpenID configuration, the CapabilityStatement's
 * security block and the OpenAPI security scheme.
 *
 * @param capabilities SMART capabilities (SMART configuration only)
 */
public record AuthorizationServerMetadata(
		String issuer,
		String authorizationEndpoint,
		String tokenEndpoint,
		String jwksUri,
		List<String> grantTypes,
		List<String> responseTypes,
		List<String> tokenEndpointAuthMethods,
		List<String> tokenEndpointAuthSigningAlgorithms,
		List<String> codeChallengeMethods,
		List<String> scopes,
		List<String> capabilities) {

	/** The fields RFC 8414 defines, under its names; what is unknown or empty is left out. */
	public Map<String, Object> oauthFields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		put(fields, "issuer", issuer);
		put(fields, "authorization_endpoint", authorizationEndpoint);
		put(fields, "token_endpoint", tokenEndpoint);
		put(fields, "jwks_uri", jwksUri);
		put(fields, "grant_types_supported", grantTypes);
		put(fields, "response_types_supported", responseTypes);
		put(fields, "token_endpoint_auth_methods_supported", tokenEndpointAuthMethods);
		put(fields, "token_endpoint_auth_signing_alg_values_supported", tokenEndpointAuthSigningAlgorithms);
		put(fields, "code_challenge_methods_supported", codeChallengeMethods);
		put(fields, "scopes_supported", scopes);
		return fields;
	}

	private static void put(Map<String, Object> fields, String name, Object value) {
		boolean empty = value == null || (value instanceof String text && text.isBlank())
				|| (value instanceof List<?> list && list.isEmpty());
		if (!empty) {
			fields.put(name, value);
		}
	}

	/** Who issues tokens, described for requests that reached Concord at {@code root}. */
	public interface Source {
		AuthorizationServerMetadata describe(String root);
	}
}
