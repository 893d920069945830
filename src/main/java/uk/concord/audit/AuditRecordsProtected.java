package uk.concord.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Audit records belong to the audit trail alone. Through the API they are never changed or deleted, whatever the
 * token (the authorisation rules say so too; this holds at the storage layer, whatever the route), and they appear
 * only in answers to requests for AuditEvents, not inside a patient's {@code $everything} or an {@code _include}.
 */
@Interceptor
class AuditRecordsProtected {

	private static final String AUDIT_EVENT = "AuditEvent";

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void noChange(RequestDetails request, IBaseResource previous) {
		refuseIfAudit(request, previous, "changed");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void noDelete(RequestDetails request, IBaseResource resource) {
		refuseIfAudit(request, resource, "deleted");
	}

	@Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
	public void onlyWhenAskedFor(RequestDetails request, IPreResourceAccessDetails access) {
		if (!(request instanceof ServletRequestDetails) || AUDIT_EVENT.equals(request.getResourceName())) {
			return;
		}
		for (int i = 0; i < access.size(); i++) {
			if (AUDIT_EVENT.equals(request.getFhirContext().getResourceType(access.getResource(i)))) {
				access.setDontReturnResourceAtIndex(i);
			}
		}
	}

	private static void refuseIfAudit(RequestDetails request, IBaseResource resource, String what) {
		if (request instanceof ServletRequestDetails
				&& AUDIT_EVENT.equals(request.getFhirContext().getResourceType(resource))) {
			throw new ForbiddenOperationException("Audit records cannot be " + what);
		}
	}
}
