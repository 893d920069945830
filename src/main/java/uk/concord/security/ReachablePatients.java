package uk.concord.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * The Patient compartments a {@code patient/} or {@code user/} caller may reach: a patient app its own patient (a
 * carer's app, while the carer's access lasts: {@link CarerAccess}), a clinician the patients their organisation cares for. When there are none, one id that cannot exist stands in, so
 * that searches are narrowed to nothing rather than not narrowed at all.
 */
@Component
class ReachablePatients {

	static final String NOBODY = "Patient/concord-no-patient";

	private final CareRelationships relationships;
	private final CarerAccess carers;

	ReachablePatients(CareRelationships relationships, CarerAccess carers) {
		this.relationships = relationships;
		this.carers = carers;
	}

	/** {@code Patient/x} references; empty for a caller that reaches no compartment by its scopes. */
	Set<String> of(Caller caller, RequestDetails request) {
		if (caller.isPatient()) {
			return carers.lapsed(caller, request) ? Set.of(NOBODY) : Set.of("Patient/" + caller.patient());
		}
		if (caller.isOrganisationUser()) {
			Set<String> shared = relationships.sharedWith(caller.organisation(), request).patients();
			return shared.isEmpty() ? Set.of(NOBODY) : shared;
		}
		return Set.of(NOBODY);
	}

	List<IIdType> ids(Caller caller, RequestDetails request) {
		return of(caller, request).stream().map(id -> (IIdType) new IdType(id)).toList();
	}
}
