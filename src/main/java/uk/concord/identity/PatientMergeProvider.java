package uk.concord.identity;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code POST [base]/Patient/$merge}, with the parameter names of FHIR R5's Patient merge ({@code source-patient},
 * {@code target-patient}) and the duplicate always deleted. Like every operation not listed in security's table, it
 * needs {@code system/*.cruds}.
 */
class PatientMergeProvider {

	private final PatientMerge merge;

	PatientMergeProvider(PatientMerge merge) {
		this.merge = merge;
	}

	@Operation(name = "$merge", type = Patient.class, idempotent = false)
	@Description(shortDefinition = "Merge a duplicate Patient (source-patient) into the record kept (target-patient):"
			+ " references move, missing identifiers are added, the duplicate is deleted; audit records are not changed")
	public Parameters merge(
			@OperationParam(name = "source-patient", min = 1, max = 1) Reference source,
			@OperationParam(name = "target-patient", min = 1, max = 1) Reference target,
			@OperationParam(name = "delete-source", min = 0, max = 1) BooleanType deleteSource,
			RequestDetails request) {
		if (deleteSource != null && !deleteSource.booleanValue()) {
			// a duplicate kept beside the record would hold the same NHS Number, which the database refuses
			throw new InvalidRequestException("Concord's Patient/$merge always deletes the duplicate: delete-source"
					+ " may only be true");
		}
		PatientMerge.Outcome outcome =
				merge.merge(patientId(source, "source-patient"), patientId(target, "target-patient"), request);
		Parameters result = new Parameters();
		OperationOutcome summary = new OperationOutcome();
		summary.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics("Merged " + source.getReference() + " into " + target.getReference() + ": "
						+ outcome.referencesMoved() + " references moved, " + source.getReference() + " deleted");
		result.addParameter().setName("outcome").setResource(summary);
		result.addParameter("references-moved", new IntegerType(outcome.referencesMoved()));
		outcome.changedResources().forEach(id -> result.addParameter("changed", new StringType(id)));
		return result;
	}

	private static String patientId(Reference reference, String parameter) {
		if (reference == null || !reference.hasReference()
				|| !"Patient".equals(reference.getReferenceElement().getResourceType())
				|| !reference.getReferenceElement().hasIdPart()) {
			throw new InvalidRequestException(parameter + " must be a reference to a Patient, e.g. Patient/123");
		}
		return reference.getReferenceElement().getIdPart();
	}
}
