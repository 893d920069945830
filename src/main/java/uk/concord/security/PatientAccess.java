package uk.concord.security;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.springframework.stereotype.Component;
import uk.concord.security.SmartScope.Context;
import uk.concord.security.SmartScope.Permission;

/**
 * Whether a caller may read one patient's whole record, for pages served beside the FHIR API (the health passport):
 * the same answer the FHIR authorisation rules give for {@code Patient/{id}}.
 */
@Component
public class PatientAccess {

	private final CareRelationships relationships;
	private final CarerAccess carers;

	PatientAccess(CareRelationships relationships, CarerAccess carers) {
		this.relationships = relationships;
		this.carers = carers;
	}

	public boolean mayRead(Caller caller, String patientId) {
		String patient = "Patient/" + patientId;
		if (caller.scopes().allows(Context.SYSTEM, "Patient", Permission.READ)) {
			return true;
		}
		if (caller.isPatient() && caller.scopes().allows(Context.PATIENT, "Patient", Permission.READ)) {
			return patient.equals("Patient/" + caller.patient()) && !carers.lapsed(caller, new SystemRequestDetails());
		}
		if (caller.isOrganisationUser() && caller.scopes().allows(Context.USER, "Patient", Permission.READ)) {
			return relationships.sharedWith(caller.organisation(), new SystemRequestDetails()).patients().contains(patient);
		}
		return false;
	}
}
