package uk.concord.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Date;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;

/**
 * A carer (a parent, say) signs in as a {@code RelatedPerson} of the patient and gets a token for the patient's
 * record. The token outlives changes to the record, so each request checks that the carer still cares: the
 * RelatedPerson exists, is not inactive, its period is current and it is the token's patient's. When not, the carer's
 * access has lapsed, and they reach no record. Worked out once per request.
 */
@Component
public class CarerAccess {

	static final String RELATED_PERSON = "RelatedPerson/";
	private static final String KEY = CarerAccess.class.getName();

	private final DaoRegistry daos;

	CarerAccess(DaoRegistry daos) {
		this.daos = daos;
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
		boolean theirs = ("Patient/" + caller.patient()).equals(carer.getPatient().getReferenceElement()
				.toUnqualifiedVersionless().getValue());
		return !(active && theirs && current(carer.getPeriod(), new Date()));
	}

	private static boolean current(Period period, Date now) {
		return (!period.hasStart() || !period.getStart().after(now)) && (!period.hasEnd() || period.getEnd().after(now));
	}
}
