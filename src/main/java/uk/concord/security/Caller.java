package uk.concord.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import uk.concord.security.SmartScope.Context;

/**
 * Who is asking, read once per request from the verified access token: the client, the user it acts for, the user's
 * organisation (ODS code), the patient a patient-context token is bound to, the token's SMART scopes and, when a
 * clinician breaks the glass, the reason they gave. Server-internal work ({@link SystemRequestDetails}) is
 * {@link #INTERNAL}.
 *
 * <p>Token claims read: {@code client_id} (else {@code azp}, else {@code sub}), {@code sub}, {@code fhirUser},
 * {@code organization} (an ODS code), {@code patient} and {@code scope} (a space-separated string or a list).
 */
public record Caller(
		String clientId,
		String subject,
		String fhirUser,
		String organisation,
		String patient,
		SmartScopes scopes,
		String breakGlassReason) {

	private static final String KEY = Caller.class.getName();

	public static final Caller INTERNAL =
			new Caller("concord", "concord", null, null, null, SmartScopes.parse(List.of("system/*.cruds")), null);

	public static final Caller ANONYMOUS = new Caller(null, null, null, null, null, SmartScopes.parse(Set.of()), null);

	/** The caller of a FHIR request; computed on first use and kept with the request. */
	public static Caller of(RequestDetails request) {
		if (request instanceof SystemRequestDetails) {
			return INTERNAL;
		}
		Object known = request.getUserData().get(KEY);
		if (known instanceof Caller caller) {
			return caller;
		}
		Caller caller = current().withBreakGlassReason(BreakGlass.reason(request));
		request.getUserData().put(KEY, caller);
		if (request instanceof ServletRequestDetails servlet) {
			// for what runs outside HAPI's hooks but on the request's thread (the audit trail)
			servlet.getServletRequest().setAttribute(KEY, caller);
		}
		return caller;
	}

	/**
	 * The caller {@link #of} worked out for the FHIR request this thread is serving, for code that runs on that thread
	 * outside HAPI's hooks (the audit trail); empty on other threads and before {@link #of} was asked.
	 */
	public static Optional<Caller> ofThisThreadsRequest() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& attributes.getRequest().getAttribute(KEY) instanceof Caller caller) {
			return Optional.of(caller);
		}
		return Optional.empty();
	}

	/** The caller of the current HTTP request, from Spring Security's context (no break-glass reason). */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			return fromToken(token.getToken());
		}
		return ANONYMOUS;
	}

	static Caller fromToken(Jwt jwt) {
		String client = firstNonBlank(jwt.getClaimAsString("client_id"), jwt.getClaimAsString("azp"), jwt.getSubject());
		return new Caller(
				client,
				jwt.getSubject(),
				jwt.getClaimAsString("fhirUser"),
				jwt.getClaimAsString("organization"),
				jwt.getClaimAsString("patient"),
				SmartScopes.ofClaim(jwt.getClaims().get("scope")),
				null);
	}

	private static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	Caller withBreakGlassReason(String reason) {
		return new Caller(clientId, subject, fhirUser, organisation, patient, scopes, reason);
	}

	public boolean isInternal() {
		return this == INTERNAL;
	}

	/** A patient-context token: {@code patient/} scopes and the patient it is bound to. */
	public boolean isPatient() {
		return patient != null && scopes.has(Context.PATIENT);
	}

	/** A clinician or staff user acting for an organisation: {@code user/} scopes and an ODS code. */
	public boolean isOrganisationUser() {
		return organisation != null && scopes.has(Context.USER);
	}

	public boolean isSystem() {
		return scopes.has(Context.SYSTEM);
	}

	public boolean isBreakingGlass() {
		return breakGlassReason != null && isOrganisationUser();
	}
}
