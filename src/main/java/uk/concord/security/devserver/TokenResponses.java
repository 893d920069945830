package uk.concord.security.devserver;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The token endpoint's answer: Spring Authorization Server's, plus SMART's {@code patient} launch context when the
 * token is bound to a patient (read from the token just issued, so the two cannot disagree), and a {@code scope}
 * even when nothing was granted. A token issued also clears the client's and the address's failed attempts.
 */
final class TokenResponses {

	private TokenResponses() {}

	static AuthenticationSuccessHandler withLaunchContext(TokenEndpointThrottle throttle) {
		OAuth2AccessTokenResponseAuthenticationSuccessHandler handler = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
		handler.setAccessTokenResponseCustomizer(context -> {
			OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
			Map<String, Object> parameters = new HashMap<>(issued.getAdditionalParameters());
			Object patient = patientOf(issued.getAccessToken().getTokenValue());
			if (patient != null) {
				parameters.put("patient", patient);
			}
			if (issued.getAccessToken().getScopes().isEmpty()) {
				// SMART clients read what they were granted from here; nothing granted is said too
				parameters.put("scope", "");
			}
			context.getAccessTokenResponse().additionalParameters(parameters);
		});
		return (request, response, authentication) -> {
			throttle.succeeded(request);
			handler.onAuthenticationSuccess(request, response, authentication);
		};
	}

	private static Object patientOf(String accessToken) {
		try {
			return JWTParser.parse(accessToken).getJWTClaimsSet().getClaim("patient");
		} catch (ParseException notAJwt) {
			return null;
		}
	}
}
