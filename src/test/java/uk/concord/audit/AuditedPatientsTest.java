package uk.concord.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Which patients an audit record names, whatever HAPI's compartment lookup offers as owners of a resource. */
class AuditedPatientsTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private final AuditDetails details = new AuditDetails();
	private final SystemRequestDetails request = new SystemRequestDetails();

	AuditedPatientsTest() {
		request.setFhirContext(FHIR);
	}

	@Test
	void aPatientIsNamedWithoutItsVersion() {
		Patient patient = new Patient();
		patient.setId("Patient/dmd-child/_history/3");

		assertThat(details.massageResourceIdForStorage(request, patient, patient.getIdElement()))
				.isEqualTo("Patient/dmd-child");
	}

	@Test
	void theAuditedResourceKeepsItsVersion() {
		CareTeam team = careTeam("Patient/dmd-child");

		assertThat(details.massageResourceIdForStorage(request, team, team.getIdElement()))
				.isEqualTo("CareTeam/dmd-care-team/_history/2");
	}

	@Test
	void aCareTeamMemberIsNeverNamedAsThePatient() {
		CareTeam team = careTeam("Patient/dmd-child");

		assertThat(details.massageResourceIdForStorage(request, team, new IdType("Practitioner/pract-physio")))
				.isEqualTo("Patient/dmd-child");
	}

	@Test
	void aResourceInNoPatientsRecordIsAuditedWithoutAPatient() {
		CareTeam team = careTeam(null);
		String owner = details.massageResourceIdForStorage(request, team, new IdType("Practitioner/pract-physio"));
		AuditEvent event = new AuditEvent();
		event.addEntity().setWhat(new Reference("CareTeam/dmd-care-team/_history/2"));
		event.addEntity().setWhat(new Reference(owner));

		AuditDetails.dropNonPatients(event);

		assertThat(event.getEntity()).extracting(entity -> entity.getWhat().getReference())
				.containsExactly("CareTeam/dmd-care-team/_history/2");
	}

	private static CareTeam careTeam(String subject) {
		CareTeam team = new CareTeam();
		team.setId("CareTeam/dmd-care-team/_history/2");
		if (subject != null) {
			team.setSubject(new Reference(subject));
		}
		team.addParticipant().setMember(new Reference("Practitioner/pract-physio"));
		return team;
	}
}
