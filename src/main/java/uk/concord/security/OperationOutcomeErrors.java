package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * 401 and 403 from the security filters as FHIR clients expect them: an OperationOutcome body, with the
 * {@code WWW-Authenticate} challenge RFC 6750 asks for. What was wrong with a token is said plainly; nothing about
 * the server's keys or internals is. A request the firewall refuses ({@link HeaderCharacters}) is 400 with an
 * OperationOutcome too, which does not repeat what was refused (it may be the attacker's text).
 */
class OperationOutcomeErrors implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private final FhirContext fhir;
	private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();

	OperationOutcomeErrors(FhirContext fhir) {
		this.fhir = fhir;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		challenge.commence(request, response, failure);
		String message = failure instanceof OAuth2AuthenticationException oauth
				? "The access token was not accepted: " + describe(oauth)
				: "Authentication required: send an OAuth 2.0 access token (Authorization: Bearer <token>)";
		write(response, IssueType.LOGIN, message);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException failure)
			throws IOException {
		denied.handle(request, response, failure);
		write(response, IssueType.FORBIDDEN, "Access denied");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException refused)
			throws IOException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		write(response, IssueType.INVALID, "The request was refused: its URL, method, a header or a parameter holds"
				+ " something the server does not accept (such as a control character)");
	}

	private static String describe(OAuth2AuthenticationException failure) {
		String description = failure.getError().getDescription();
		if (description == null || description.isBlank()) {
			return failure.getError().getErrorCode();
		}
		// Nimbus prefixes its reasons with how decoding failed; the reason is what a client can act on
		int colon = description.lastIndexOf(": ");
		return colon >= 0 ? description.substring(colon + 2) : description;
	}

	private void write(HttpServletResponse response, IssueType type, String message) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.getOutputStream().write(
				fhir.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
	}
}
