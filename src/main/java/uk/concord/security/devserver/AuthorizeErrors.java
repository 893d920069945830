package uk.concord.security.devserver;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * What {@code /oauth2/authorize} answers when a request cannot be granted. As RFC 6749 §4.1.2.1 says: when the
 * client and its redirect URI are known good, the error goes back to the app on its redirect URI; otherwise (unknown
 * client, redirect URI not registered, malformed request) the person sees a 400 page saying what is wrong, and is
 * never sent to an address the client did not register.
 */
final class AuthorizeErrors implements AuthenticationFailureHandler {

	static final String TEMPLATE = "devserver/authorize-error";

	private final ITemplateEngine templates;

	AuthorizeErrors(ITemplateEngine templates) {
		this.templates = templates;
	}

	@Override
	public void onAuthenticationFailure(
			HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth
				? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
		OAuth2AuthorizationCodeRequestAuthenticationToken authorization =
				exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest
						? codeRequest.getAuthorizationCodeRequestAuthentication()
						: null;
		if (authorization != null && authorization.getRedirectUri() != null && !authorization.getRedirectUri().isBlank()) {
			response.sendRedirect(backToTheApp(authorization, error));
			return;
		}
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-store");
		Context model = new Context(request.getLocale(), Map.of(
				"error", error.getErrorCode(),
				"description", error.getDescription() == null ? "" : error.getDescription()));
		templates.process(TEMPLATE, model, response.getWriter());
	}

	private static String backToTheApp(OAuth2AuthorizationCodeRequestAuthenticationToken authorization, OAuth2Error error) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(authorization.getRedirectUri())
				.queryParam("error", error.getErrorCode());
		if (error.getDescription() != null) {
			uri.queryParam("error_description", UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
		}
		if (authorization.getState() != null) {
			uri.queryParam("state", UriUtils.encode(authorization.getState(), StandardCharsets.UTF_8));
		}
		return uri.build(true).toUriString();
	}
}
