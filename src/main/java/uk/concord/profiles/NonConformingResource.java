package uk.concord.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;

/** A refused write (422), holding the resource that was refused so that its place in a bundle can be named. */
class NonConformingResource extends UnprocessableEntityException {

	private final transient IBaseResource resource;
	private final OperationOutcome outcome;

	NonConformingResource(FhirContext fhir, IBaseResource resource, OperationOutcome outcome) {
		super(fhir, outcome);
		this.resource = resource;
		this.outcome = outcome;
	}

	IBaseResource resource() {
		return resource;
	}

	/** Rewrites each issue's location from the resource ({@code Condition.code}) to its entry in the bundle. */
	void locateIn(String entry, String type) {
		for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
			issue.getExpression().forEach(e -> relocate(e, entry, type));
			issue.getLocation().forEach(l -> relocate(l, entry, type));
		}
		OperationOutcome.OperationOutcomeIssueComponent first = outcome.getIssueFirstRep();
		first.setDiagnostics(entry + " (" + first.getDiagnostics().replaceFirst("^" + type + " ", type + ") "));
	}

	private static void relocate(StringType path, String entry, String type) {
		if (path.getValue() != null && path.getValue().startsWith(type)) {
			path.setValue(entry + path.getValue().substring(type.length()));
		}
	}
}
