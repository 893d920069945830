package uk.concord.coordination;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BiPredicate;
import org.hl7.fhir.r4.model.Consent;

/**
 * What the gap rules need besides the patient's record.
 *
 * @param consentDenies whether consents (one patient's active ones) deny an organisation (ODS code) access
 */
record GapContext(
		LocalDate today,
		CoordinationProperties properties,
		AppointmentSites sites,
		BiPredicate<List<Consent>, String> consentDenies) {

	boolean consentDenies(PatientCare care, String odsCode) {
		return consentDenies.test(care.consents(), odsCode);
	}
}
