package uk.concord.emergency;

import uk.concord.security.Caller;
import uk.concord.security.PatientAccess;

/**
 * Who may issue, revoke and see the scans of a patient's emergency card: the patient, or a carer signed in for them
 * (a patient-context token bound to that patient), and the patient's current care coordinator (a clinician who may
 * read the record and is the coordinator in one of the patient's active care teams). Systems may not: a wallet card
 * is the family's, handed over in person.
 */
class CardKeepers {

	private final PatientAccess access;
	private final EmergencyInformation information;

	CardKeepers(PatientAccess access, EmergencyInformation information) {
		this.access = access;
		this.information = information;
	}

	boolean mayKeep(Caller caller, String patientId) {
		if (caller.isPatient()) {
			return patientId.equals(caller.patient()) && access.mayRead(caller, patientId);
		}
		return caller.isOrganisationUser()
				&& access.mayRead(caller, patientId)
				&& information.isCoordinator(patientId, caller.fhirUser());
	}
}
