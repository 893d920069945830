package uk.concord.emergency;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Emergency cards are issued and revoked only through {@code /emergency-card}: a card written through the FHIR API
 * could carry a token its writer chose, or bring a revoked card back. Reading them (in the patient's record) is
 * harmless: they hold only the token's hash.
 */
@Interceptor
class EmergencyCardsProtected {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void noCreate(RequestDetails request, IBaseResource resource) {
		refuseIfCard(request, resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void noChange(RequestDetails request, IBaseResource previous, IBaseResource updated) {
		refuseIfCard(request, previous);
		refuseIfCard(request, updated);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void noDelete(RequestDetails request, IBaseResource resource) {
		refuseIfCard(request, resource);
	}

	private static void refuseIfCard(RequestDetails request, IBaseResource resource) {
		if (request instanceof ServletRequestDetails && resource instanceof Basic basic && EmergencyCards.isCard(basic)) {
			String text = "Emergency cards are issued and revoked at /emergency-card/Patient/{id}, not through the FHIR API";
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.FORBIDDEN)
					.setDiagnostics(text);
			throw new ForbiddenOperationException(text, outcome);
		}
	}
}
