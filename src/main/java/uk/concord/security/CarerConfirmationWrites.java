package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
import uk.concord.server.WriteCheck;

/**
 * Only the young person (or a system client acting for the service) records that they confirm a carer: a carer's
 * token is in the patient's context, so without this a carer with {@code patient/Consent.c} could confirm their own
 * access. The confirmation must be the patient's own: its performer is the patient it is about.
 */
final class CarerConfirmationWrites extends WriteCheck {

	private final FhirContext fhir;

	CarerConfirmationWrites(FhirContext fhir) {
		this.fhir = fhir;
	}

	@Override
	protected boolean guardsStored() {
		return true;
	}

	@Override
	protected void check(IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof Consent consent) || !CarerConfirmation.isCarerAccess(consent)) {
			return;
		}
		if (request != null && CarerAccess.isCarer(Caller.of(request))) {
			throw new ForbiddenOperationException("A carer cannot record, change or withdraw the confirmation of a"
					+ " carer's access: the patient records it with their own app.");
		}
		String patient = consent.getPatient().getReferenceElement().toUnqualifiedVersionless().getValue();
		boolean byThePatient = patient != null && consent.getPerformer().stream().allMatch(performer ->
				patient.equals(performer.getReferenceElement().toUnqualifiedVersionless().getValue()));
		if (!byThePatient || !consent.hasPerformer()) {
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.BUSINESSRULE)
					.setDiagnostics("Consent.performer: a confirmation of a carer's access is the patient's own, so its"
							+ " performer must be the patient it is about (" + patient + ").")
					.addExpression("Consent.performer");
			throw new UnprocessableEntityException(fhir, outcome);
		}
	}
}
