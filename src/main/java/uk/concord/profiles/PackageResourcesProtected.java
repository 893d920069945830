package uk.concord.profiles;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Concord's own conformance resources are the rules it enforces: HAPI's validator reads the stored profiles, so a
 * client that could change, delete or shadow one (a second resource under the same canonical URL) would change what
 * every other client's records are held to. Through the API they are read-only, whatever the token; they change with a
 * new release of the server, whose start-up installs its package. This holds at the storage layer, so transactions,
 * conditional writes and PATCH are covered too; the installer itself writes without a servlet request.
 */
@Interceptor
class PackageResourcesProtected {

	private final Set<String> canonicalUrls;

	PackageResourcesProtected(Set<String> canonicalUrls) {
		this.canonicalUrls = canonicalUrls;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void noSecondCopy(RequestDetails request, IBaseResource resource) {
		refuseIfPackaged(request, resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void noChange(RequestDetails request, IBaseResource previous, IBaseResource resource) {
		// both: the packaged resource must not change, and no other resource may take its URL
		refuseIfPackaged(request, previous);
		refuseIfPackaged(request, resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void noDelete(RequestDetails request, IBaseResource resource) {
		refuseIfPackaged(request, resource);
	}

	private void refuseIfPackaged(RequestDetails request, IBaseResource resource) {
		if (request instanceof ServletRequestDetails
				&& resource instanceof MetadataResource conformance
				&& canonicalUrls.contains(conformance.getUrl())) {
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.FORBIDDEN)
					.setDiagnostics(conformance.fhirType() + " " + conformance.getUrl() + " is part of the rules this"
							+ " server enforces and cannot be created, changed or deleted through the API; a new"
							+ " release of the server changes it");
			throw new ForbiddenOperationException(outcome.getIssueFirstRep().getDiagnostics(), outcome);
		}
	}
}
