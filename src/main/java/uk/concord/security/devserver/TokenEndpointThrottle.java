package uk.concord.security.devserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.concord.security.SecurityProperties.Throttle;
import uk.concord.security.devserver.FailureThrottle.Key;

/**
 * Unlimited guessing of client secrets is refused: failed client authentications at the endpoints that authenticate
 * clients (token, introspection, revocation) are counted per client id and per remote address, and a blocked client
 * or address is answered 429 with {@code Retry-After} before its credentials are even looked at.
 */
final class TokenEndpointThrottle extends OncePerRequestFilter {

	private final FailureThrottle throttle;
	private final Throttle settings;
	private final Set<String> paths;
	private final ObjectMapper json = new ObjectMapper();

	TokenEndpointThrottle(FailureThrottle throttle, Throttle settings, Set<String> paths) {
		this.throttle = throttle;
		this.settings = settings;
		this.paths = paths;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !paths.contains(request.getServletPath());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Duration blocked = throttle.blockedFor(keys(request));
		if (blocked.isZero()) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
		response.setStatus(429);
		response.setHeader("Retry-After", Long.toString(seconds));
		response.setHeader("Cache-Control", "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		Map<String, String> error = new LinkedHashMap<>();
		error.put("error", "temporarily_unavailable");
		error.put("error_description",
				"Too many failed client authentications from this client or address; try again in " + seconds + " s");
		json.writeValue(response.getOutputStream(), error);
	}

	/**
	 * For the client authentication filter: counts the failure, then answers as Spring Authorization Server's own
	 * handler does (401 for {@code invalid_client}, else 400; the error code only, nothing that helps guessing).
	 */
	AuthenticationFailureHandler countingFailures() {
		return (request, response, exception) -> {
			throttle.failed(keys(request));
			SecurityContextHolder.clearContext();
			String code = exception instanceof OAuth2AuthenticationException oauth
					? oauth.getError().getErrorCode()
					: OAuth2ErrorCodes.INVALID_CLIENT;
			response.setStatus(OAuth2ErrorCodes.INVALID_CLIENT.equals(code) ? 401 : 400);
			response.setHeader("Cache-Control", "no-store");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			json.writeValue(response.getOutputStream(), Map.of("error", code));
		};
	}

	/** A token was issued: the client and address start afresh. */
	void succeeded(HttpServletRequest request) {
		throttle.succeeded(keys(request));
	}

	private Key[] keys(HttpServletRequest request) {
		String client = clientId(request);
		return new Key[] {
			client == null ? null : Key.client(client, settings), Key.address(request.getRemoteAddr(), settings)
		};
	}

	/** The client id a request claims, whichever way it authenticates; not verified (that is what is counted). */
	static String clientId(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
				int colon = pair.indexOf(':');
				return URLDecoder.decode(colon < 0 ? pair : pair.substring(0, colon), StandardCharsets.UTF_8);
			} catch (IllegalArgumentException malformed) {
				return null;
			}
		}
		String clientId = request.getParameter("client_id");
		if (clientId != null) {
			return clientId;
		}
		String assertion = request.getParameter("client_assertion");
		if (assertion != null) {
			try {
				return JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
			} catch (ParseException malformed) {
				return null;
			}
		}
		return null;
	}
}
