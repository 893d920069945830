package uk.concord.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The Patient compartments a {@code patient/} or {@code user/} caller may reach: a patient app its own patient (a
 * carer's app, while the carer's access lasts: {@link CarerAccess}), a clinician the patients their organisation cares
 * for. When there are none, one id that cannot exist stands in, so that searches are narrowed to nothing rather than
 * not narrowed at all. Worked out once per request: the search narrowing and the authorisation rules both ask, and
 * a practice reaches hundreds of patients.
 */
@Component
class ReachablePatients {

	static final String NOBODY = "Patient/concord-no-patient";
	private static final String KEY = ReachablePatients.class.getName();

	private final CareRelationships relationships;
	private final CarerAccess carers;

	ReachablePatients(CareRelationships relationships, CarerAccess carers) {
		this.relationships = relationships;
		this.carers = carers;
	}

	/** {@code Patient/x} references; {@link #NOBODY} alone for a caller that reaches no compartment. */
	Set<String> of(Caller caller, RequestDetails request) {
		return compartments(caller, request).references();
	}

	private Compartments compartments(Caller caller, RequestDetails request) {
		if (request.getUserData().get(KEY) instanceof Compartments kept && kept.caller().equals(caller)) {
			return kept;
		}
		Compartments worked = Compartments.of(caller, reached(caller, request));
		request.getUserData().put(KEY, worked);
		return worked;
	}

	private Set<String> reached(Caller caller, RequestDetails request) {
		if (caller.isPatient()) {
			return carers.lapsed(caller, request) ? Set.of() : Set.of("Patient/" + caller.patient());
		}
		if (caller.isOrganisationUser()) {
			return relationships.sharedWith(caller.organisation(), request).patients();
		}
		return Set.of();
	}

	private record Compartments(Caller caller, Set<String> references) {

		static Compartments of(Caller caller, Set<String> patients) {
			return new Compartments(caller, patients.isEmpty() ? Set.of(NOBODY) : patients);
		}
	}
}
