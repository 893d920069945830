package uk.concord.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The bearer token of a request's {@code Authorization} header, as Spring's {@link DefaultBearerTokenResolver} with
 * its defaults finds it (the header only; no token in a query or form parameter), checked character by character:
 * Spring's case-insensitive pattern over a token of a kilobyte was 3.5 % of a read's request CPU (bench/RESULTS.md,
 * run 44). {@code BearerHeaderTest} gives both the same headers, well-formed and not.
 */
final class BearerHeader implements BearerTokenResolver {

	private static final String SCHEME = "Bearer ";
	/** Spring takes a header starting so (any case) as meant for it: a token, or malformed. */
	private static final String SCHEME_NAME = SCHEME.trim();

	@Override
	public String resolve(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, SCHEME_NAME, 0, SCHEME_NAME.length())) {
			return null;
		}
		if (!isWellFormed(authorization)) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return authorization.substring(SCHEME.length());
	}

	/** Spring's {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$}, the scheme in any case. */
	private static boolean isWellFormed(String authorization) {
		if (authorization.length() <= SCHEME.length() || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return false;
		}
		int i = SCHEME.length();
		int end = authorization.length();
		while (i < end && isTokenCharacter(authorization.charAt(i))) {
			i++;
		}
		if (i == SCHEME.length()) {
			return false;
		}
		while (i < end && authorization.charAt(i) == '=') {
			i++;
		}
		return i == end;
	}

	private static boolean isTokenCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
	}
}
