package uk.concord.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;
import uk.concord.record.Vocabulary;

/**
 * A carer (a parent, say) signs in as a {@code RelatedPerson} of the patient and gets a token for the patient's
 * record. The token outlives changes to the record, so each request checks that the carer still cares: the
 * RelatedPerson exists, is not inactive, its period is current and it is the token's patient's; and, once the patient
 * has reached {@code concord.security.carer-confirmation-age}, the patient has confirmed this carer with an active
 * CarerAccessConsent ({@link CarerConfirmation}). When not, the carer's access has lapsed, and they reach no record.
 * Worked out once per request.
 */
@Component
public class CarerAccess {

	static final String RELATED_PERSON = "RelatedPerson/";
	private static final String KEY = CarerAccess.class.getName();

	private final DaoRegistry daos;
	private final int confirmationAge;

	CarerAccess(DaoRegistry daos, SecurityProperties properties) {
		this.daos = daos;
		this.confirmationAge = properties.carerConfirmationAge();
	}

	/** Whether this caller signed in as a carer whose access has lapsed; false for everyone else. */
	public boolean lapsed(Caller caller, RequestDetails request) {
		if (!isCarer(caller)) {
			return false;
		}
		return (Boolean) request.getUserData().computeIfAbsent(KEY, key -> lapsed(caller));
	}

	/** A patient-context caller signed in as a RelatedPerson of the patient. */
	public static boolean isCarer(Caller caller) {
		return caller.isPatient() && caller.fhirUser() != null && caller.fhirUser().startsWith(RELATED_PERSON);
	}

	private boolean lapsed(Caller caller) {
		RelatedPerson carer;
		try {
			carer = daos.getResourceDao(RelatedPerson.class)
					.read(new IdType(caller.fhirUser()).toUnqualifiedVersionless(), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return true;
		}
		boolean active = !carer.hasActive() || carer.getActive();
		String patient = "Patient/" + caller.patient();
		boolean theirs = patient.equals(carer.getPatient().getReferenceElement().toUnqualifiedVersionless().getValue());
		Date now = new Date();
		if (!(active && theirs && current(carer.getPeriod(), now))) {
			return true;
		}
		return confirmationNeeded(patient) && !confirmed(patient, RELATED_PERSON + carer.getIdElement().getIdPart(), now);
	}

	private boolean confirmationNeeded(String patient) {
		try {
			Patient record = daos.getResourceDao(Patient.class).read(new IdType(patient), new SystemRequestDetails());
			return CarerConfirmation.needed(record.getBirthDateElement(), confirmationAge, LocalDate.now());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return true;
		}
	}

	private boolean confirmed(String patient, String carer, Date now) {
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add("patient", new ReferenceParam(patient))
				.add("status", new TokenParam("active"))
				.add("category", new TokenParam(Vocabulary.CONSENT_CATEGORY, Vocabulary.CARER_ACCESS));
		List<Consent> consents = daos.getResourceDao(Consent.class).searchForResources(search, new SystemRequestDetails())
				.stream().map(Consent.class::cast).toList();
		return CarerConfirmation.confirms(consents, patient, carer, now);
	}

	private static boolean current(Period period, Date now) {
		return (!period.hasStart() || !period.getStart().after(now)) && (!period.hasEnd() || period.getEnd().after(now));
	}
}
