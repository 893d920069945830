package uk.concord.identity;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import uk.concord.record.Vocabulary;

/**
 * An NHS Number sent under a system that is not {@value Vocabulary#NHS_NUMBER} (http instead of https, another case,
 * a trailing slash, the NHS Number's OID) is refused with 422 saying so and naming the right system. Without this,
 * the profile sees a patient with no NHS Number and asks why there is none, which sends a developer the wrong way.
 * Runs before the profile check, so that this is the message they get.
 */
@Interceptor
class NhsNumberSystemCheck {

	/** The NHS Number's OID (NHS Data Dictionary), as older messages carry it. */
	private static final String NHS_NUMBER_OID = "2.16.840.1.113883.2.1.4.1";

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		check(resource);
	}

	private static void check(IBaseResource resource) {
		if (!(resource instanceof Patient patient)) {
			return;
		}
		List<Identifier> identifiers = patient.getIdentifier();
		for (int i = 0; i < identifiers.size(); i++) {
			String system = identifiers.get(i).getSystem();
			if (system != null && !system.equals(Vocabulary.NHS_NUMBER) && meansNhsNumber(system)) {
				String where = "Patient.identifier[" + i + "].system";
				OperationOutcome outcome = new OperationOutcome();
				outcome.addIssue()
						.setSeverity(OperationOutcome.IssueSeverity.ERROR)
						.setCode(OperationOutcome.IssueType.VALUE)
						.setDiagnostics("The identifier system " + system + " is not the NHS Number's system: an NHS"
								+ " Number must be sent with system " + Vocabulary.NHS_NUMBER + " (exactly).")
						.addExpression(where)
						.addLocation(where);
				throw new UnprocessableEntityException(outcome.getIssueFirstRep().getDiagnostics(), outcome);
			}
		}
	}

	/** A system meant as the NHS Number's, written another way. */
	static boolean meansNhsNumber(String system) {
		String plain = system.toLowerCase(Locale.ROOT);
		return plain.replace("_", "-").contains("nhs-number")
				|| plain.contains("nhsnumber")
				|| plain.endsWith(NHS_NUMBER_OID);
	}
}
