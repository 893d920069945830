package uk.concord.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * The Patient compartments a {@code patient/} or {@code user/} caller may reach: a patient app its own patient (a
 * carer's app, while the carer's access lasts: {@link CarerAccess}), a clinician the patients their organisation cares
 * for. When there are none, one id that cannot exist stands in, so that searches are narrowed to nothing rather than
 * not narrowed at all. Worked out once per request: HAPI builds the authorisation rules afresh for every check it
 * makes (the request, each page, each included record), and a practice reaches hundreds of patients.
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

	List<IIdType> ids(Caller caller, RequestDetails request) {
		return compartments(caller, request).ids();
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

	private record Compartments(Caller caller, Set<String> references, List<IIdType> ids) {

		static Compartments of(Caller caller, Set<String> patients) {
			Set<String> references = patients.isEmpty() ? Set.of(NOBODY) : patients;
			return new Compartments(caller, references,
					references.stream().map(id -> (IIdType) new IdType(id)).toList());
		}
	}
}
