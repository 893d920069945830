package uk.concord.security.devserver;

import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * SMART's {@code aud} authorization parameter names the FHIR server the app means to call. When it names another
 * server (an app tricked into sending a person's sign-in meant for a malicious server here, or the reverse), the
 * request is refused with {@code invalid_request}, so no token is issued for a server the app did not intend.
 * Plain OAuth clients that send no {@code aud} are not refused.
 */
final class FhirAudience {

	private FhirAudience() {}

	/** Spring Authorization Server's own checks (redirect URI, scopes), then the audience. */
	static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> validator(Supplier<Collection<String>> fhirBases) {
		return OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
				.andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR)
				.andThen(context -> {
					OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
					Object audience = request.getAdditionalParameters().get("aud");
					if (audience == null) {
						return;
					}
					String named = audience.toString().endsWith("/")
							? audience.toString().substring(0, audience.toString().length() - 1)
							: audience.toString();
					if (!fhirBases.get().contains(named)) {
						throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(
								OAuth2ErrorCodes.INVALID_REQUEST,
								"aud must be this server's FHIR base URL, " + String.join(" or ", fhirBases.get()), null),
								request);
					}
				});
	}
}
