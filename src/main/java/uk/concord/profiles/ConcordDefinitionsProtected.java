package uk.concord.profiles;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import uk.concord.record.Vocabulary;

/**
 * Concord's own conformance resources are the rules it holds every record to: HAPI's validator reads the stored
 * profiles, and the NHS Number's uniqueness is a stored search parameter. A client that could change, delete or shadow
 * one (a second resource under the same canonical URL) would change those rules for every other client. Through the
 * API every conformance resource whose canonical URL is Concord's ({@link Vocabulary#CANONICAL_BASE}) is read-only,
 * whatever the token; they change with a new release of the server, whose start-up installs them. This holds at the
 * storage layer, so transactions, conditional writes and PATCH are covered; start-up writes them without a servlet
 * request.
 */
@Interceptor
class ConcordDefinitionsProtected {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void noSecondCopy(RequestDetails request, IBaseResource resource) {
		refuseIfConcords(request, resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void noChange(RequestDetails request, IBaseResource previous, IBaseResource resource) {
		// both: Concord's definition must not change, and no other resource may take a Concord URL
		refuseIfConcords(request, previous);
		refuseIfConcords(request, resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void noDelete(RequestDetails request, IBaseResource resource) {
		refuseIfConcords(request, resource);
	}

	private static void refuseIfConcords(RequestDetails request, IBaseResource resource) {
		if (request instanceof ServletRequestDetails
				&& resource instanceof MetadataResource definition
				&& definition.hasUrl()
				&& definition.getUrl().startsWith(Vocabulary.CANONICAL_BASE)) {
			String why = definition.fhirType() + " " + definition.getUrl() + " is one of this server's own"
					+ " definitions (the rules it enforces) and cannot be created, changed or deleted through the API;"
					+ " a new release of the server changes it";
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.FORBIDDEN)
					.setDiagnostics(why);
			throw new ForbiddenOperationException(why, outcome);
		}
	}
}
