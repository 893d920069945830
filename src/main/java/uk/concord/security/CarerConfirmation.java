package uk.concord.security;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import uk.concord.record.Vocabulary;

/**
 * A young person's confirmation that a carer may keep using their record (a CarerAccessConsent): from the age set in
 * {@code concord.security.carer-confirmation-age}, a carer's access needs one. It is about one carer, so the
 * organisation sharing rules ({@link CareSharingConsent}) leave it aside.
 */
final class CarerConfirmation {

	private CarerConfirmation() {}

	/** A Consent of the carer-access category (CarerAccessConsent), whatever it says. */
	static boolean isCarerAccess(Consent consent) {
		return consent.getCategory().stream()
				.anyMatch(category -> category.hasCoding(Vocabulary.CONSENT_CATEGORY, Vocabulary.CARER_ACCESS));
	}

	/**
	 * Whether the patient has reached the age from which a carer needs their confirmation. Without a birth date
	 * (the profile requires one) the patient is taken to have reached it: access is not kept on a guess.
	 */
	static boolean needed(DateType birthDate, int age, LocalDate today) {
		if (birthDate == null || birthDate.getValue() == null) {
			return true;
		}
		// a birth date given as a year or a month counts from its first day: the earliest the birthday can be
		LocalDate born = birthDate.getValue().toInstant().atZone(ZoneId.systemDefault()).toLocalDate();
		return !born.plusYears(age).isAfter(today);
	}

	/** Whether one of these consents, by the patient themself, currently permits this carer. */
	static boolean confirms(List<Consent> consents, String patient, String carer, Date now) {
		return consents.stream().anyMatch(consent -> confirms(consent, patient, carer, now));
	}

	static boolean confirms(Consent consent, String patient, String carer, Date now) {
		Consent.ProvisionComponent provision = consent.getProvision();
		return isCarerAccess(consent)
				&& consent.getStatus() == Consent.ConsentState.ACTIVE
				&& patient.equals(reference(consent.getPatient()))
				&& consent.getPerformer().stream().anyMatch(performer -> patient.equals(reference(performer)))
				&& provision.getType() == ConsentProvisionType.PERMIT
				&& current(provision.getPeriod(), now)
				&& provision.getActor().stream().anyMatch(actor -> carer.equals(reference(actor.getReference())));
	}

	private static String reference(Reference reference) {
		return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
	}

	private static boolean current(Period period, Date now) {
		return (!period.hasStart() || !period.getStart().after(now)) && (!period.hasEnd() || period.getEnd().after(now));
	}
}
