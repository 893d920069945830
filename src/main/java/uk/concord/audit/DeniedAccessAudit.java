package uk.concord.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * BALP records what was read and written; this records what was refused. Every 403 becomes an AuditEvent with
 * outcome "minor failure", the reason, who asked and what for (the resource, or the request as it was sent).
 */
@Interceptor
class DeniedAccessAudit {

	private final AuditTrail trail;
	private final AuditDetails details;

	DeniedAccessAudit(AuditTrail trail, AuditDetails details) {
		this.trail = trail;
		this.details = details;
	}

	/** Runs before any handler writes the error response; never stops the response being written. */
	@Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = -100)
	public boolean refused(RequestDetails request, BaseServerResponseException error) {
		// a refusal the caller is told as "not found" (so that it cannot tell what exists) is still a refusal
		Throwable refusal = error instanceof ForbiddenOperationException ? error
				: error.getCause() instanceof ForbiddenOperationException cause ? cause : null;
		if (refusal != null && request instanceof ServletRequestDetails) {
			AuditEvent event = RestAuditEvent.of(request, details, AuditEvent.AuditEventOutcome._4);
			event.setOutcomeDesc(refusal.getMessage());
			trail.recordAuditEvent(event);
		}
		return true;
	}
}
