package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/**
 * Wrong records are refused with 422 and a message naming the rule (issue 11, "wrong records stored"): reference
 * target types, ODS code and MIME type syntax, and base R4 rules for types without a Concord profile.
 */
@EmbeddedServerTest
class WrongRecordsRefusedIT {

	static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

	FhirHttp fhir;

	@Test
	void alertWhoseEmergencyPlanLinkPointsAtAConditionIsRefused() {
		Flag alert = GuideExamples.copyOf("Flag-dmd-alert.json", Flag.class);
		alert.getExtensionByUrl("https://fhir.concord.org.uk/StructureDefinition/emergency-care-plan")
				.setValue(new Reference("Condition/dmd-condition"));

		assertRefused("Flag", GuideExamples.json(alert), "Condition");
	}

	@Test
	void patientWhoseGpIsAPractitionerIsRefused() {
		Patient patient = patient();
		patient.addGeneralPractitioner(new Reference("Practitioner/pract-gp-moorside"));

		assertRefused("Patient", GuideExamples.json(patient), "Practitioner");
	}

	@Test
	void planAuthoredByADeviceThatDoesNotExistIsRefused() {
		CarePlan plan = GuideExamples.copyOf("CarePlan-dmd-coordinated-care-plan.json", CarePlan.class);
		plan.setAuthor(new Reference("Device/no-such-device"));

		assertRefused("CarePlan", GuideExamples.json(plan), "Device");
	}

	@Test
	void documentAuthoredByThePatientIsRefused() {
		DocumentReference document = GuideExamples.copyOf("DocumentReference-dmd-clinic-letter.json", DocumentReference.class);
		document.getAuthor().clear();
		document.addAuthor(new Reference("Patient/dmd-child"));

		assertRefused("DocumentReference", GuideExamples.json(document), "Patient");
	}

	@Test
	void careTeamWhoseMembersActingForOrganisationsArePractitionersIsStored() {
		CareTeam team = GuideExamples.copyOf("CareTeam-dmd-care-team.json", CareTeam.class);
		team.setId((String) null);

		FhirHttp.Response response = fhir.post("CareTeam", "application/fhir+json", GuideExamples.json(team));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void careTeamWhoseParentIsSaidToActOnBehalfOfAnOrganisationIsRefused() {
		CareTeam team = GuideExamples.copyOf("CareTeam-dmd-care-team.json", CareTeam.class);
		team.setId((String) null);
		team.addParticipant().setMember(new Reference("RelatedPerson/dmd-mother"))
				.setOnBehalfOf(new Reference().setIdentifier(new Identifier().setSystem(ODS).setValue("RP4")))
				.addRole().addCoding().setSystem("https://fhir.concord.org.uk/CodeSystem/care-team-role")
				.setCode("parent-or-carer");

		assertRefused("CareTeam", GuideExamples.json(team), "must be a Practitioner (R4 rule ctm-1)");
	}

	@Test
	void gpPracticeWhoseOdsCodeIsNotAnOdsCodeIsRefused() {
		Patient patient = patient();
		patient.addGeneralPractitioner().setIdentifier(new Identifier().setSystem(ODS).setValue("not an ODS code!"));

		assertRefused("Patient", GuideExamples.json(patient), "ODS code");
	}

	@Test
	void careTeamParticipantOnBehalfOfAMalformedOdsCodeIsRefused() {
		CareTeam team = GuideExamples.copyOf("CareTeam-dmd-care-team.json", CareTeam.class);
		team.getParticipantFirstRep().getOnBehalfOf().getIdentifier().setValue("rp4 ");

		assertRefused("CareTeam", GuideExamples.json(team), "ODS code");
	}

	@Test
	void organisationWhoseOdsCodeIsNotAnOdsCodeIsRefused() {
		Organization organization = new Organization().setName("Nowhere Surgery");
		organization.addIdentifier().setSystem(ODS).setValue("not an ODS code!");

		assertRefused("Organization", GuideExamples.json(organization), "ODS code");
	}

	@Test
	void organisationWithAWellFormedOdsCodeIsStored() {
		Organization organization = new Organization().setName("Moorside Surgery branch");
		organization.addIdentifier().setSystem(ODS).setValue("Y01234");

		FhirHttp.Response response = fhir.post("Organization", "application/fhir+json", GuideExamples.json(organization));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void documentWhoseContentTypeIsNotAMimeTypeIsRefused() {
		DocumentReference document = GuideExamples.copyOf("DocumentReference-dmd-clinic-letter.json", DocumentReference.class);
		document.getContentFirstRep().getAttachment().setContentType("clinic letter");

		assertRefused("DocumentReference", GuideExamples.json(document), "MIME type");
	}

	@Test
	void documentWhoseContentTypeHasParametersIsStored() {
		DocumentReference document = GuideExamples.copyOf("DocumentReference-dmd-clinic-letter.json", DocumentReference.class);
		document.getContentFirstRep().getAttachment().setContentType("text/plain; charset=UTF-8");

		FhirHttp.Response response = fhir.post("DocumentReference", "application/fhir+json", GuideExamples.json(document));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void observationWithNeitherStatusNorCodeIsRefusedByTheBaseR4Rules() {
		Observation observation = new Observation().setSubject(new Reference("Patient/dmd-child"));

		FhirHttp.Response response = fhir.post("Observation", "application/fhir+json", GuideExamples.json(observation));

		assertThat(response.status()).as(response.body()).isEqualTo(422);
		assertThat(response.body()).contains("Observation.status").contains("Observation.code");
		assertThat(response.body()).doesNotContain("Concord profile");
	}

	@Test
	void observationMeetingTheBaseR4RulesIsStored() {
		Observation observation = new Observation()
				.setStatus(Observation.ObservationStatus.FINAL)
				.setSubject(new Reference("Patient/dmd-child"));
		observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8302-2");

		FhirHttp.Response response = fhir.post("Observation", "application/fhir+json", GuideExamples.json(observation));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	private void assertRefused(String type, String body, String mentioned) {
		FhirHttp.Response response = fhir.post(type, "application/fhir+json", body);

		assertThat(response.status()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
			assertThat(issue.getDiagnostics()).contains(mentioned);
		});
	}

	private static Patient patient() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(NhsNumbers.SYSTEM).setValue(NhsNumbers.random());
		patient.addName().setFamily("Wrong").addGiven("Will");
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2011-06-07"));
		return patient;
	}
}
