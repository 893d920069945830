package uk.concord.profiles;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import uk.concord.record.Vocabulary;
import uk.concord.server.WriteCheck;

/**
 * Concord's own conformance resources are the rules it holds every record to: HAPI's validator reads the stored
 * profiles, and the NHS Number's uniqueness is a stored search parameter. A client that could change, delete or shadow
 * one (a second resource under the same canonical URL) would change those rules for every other client. Through the
 * API every conformance resource whose canonical URL is Concord's ({@link Vocabulary#CANONICAL_BASE}) is read-only,
 * whatever the token, and no other resource may take such a URL; they change with a new release of the server, whose
 * start-up installs them without a servlet request.
 */
class ConcordDefinitionsProtected extends WriteCheck {

	@Override
	protected boolean guardsStored() {
		return true;
	}

	@Override
	protected void check(IBaseResource resource, RequestDetails request) {
		if (request instanceof ServletRequestDetails
				&& resource instanceof MetadataResource definition
				&& definition.hasUrl()
				&& definition.getUrl().startsWith(Vocabulary.CANONICAL_BASE)) {
			String why = definition.fhirType() + " " + definition.getUrl() + " is one of this server's own"
					+ " definitions (the rules it enforces) and cannot be created, changed or deleted through the API;"
					+ " a new release of the server changes it";
			// answered with an OperationOutcome whose code is forbidden (server/ErrorResponseInterceptor)
			throw new ForbiddenOperationException(why);
		}
	}
}
