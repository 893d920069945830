package uk.concord.coordination;

import java.time.LocalDate;
import java.util.function.BiPredicate;

/**
 * What the gap rules need besides the patient's record.
 *
 * @param consentDenies whether the patient's ({@code Patient/x}) consent denies an organisation (ODS code) access
 */
record GapContext(
		LocalDate today,
		CoordinationProperties properties,
		AppointmentSites sites,
		BiPredicate<String, String> consentDenies) {

	boolean consentDenies(String patient, String odsCode) {
		return consentDenies.test(patient, odsCode);
	}
}
