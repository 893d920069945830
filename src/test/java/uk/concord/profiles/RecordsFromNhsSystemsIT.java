package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.Outcomes;

/**
 * Correct records as NHS systems send them are accepted (issue 11, "correct records refused"), while Concord's own
 * rules still apply to them.
 */
@EmbeddedServerTest
class RecordsFromNhsSystemsIT {

	static final String UK_CORE_PATIENT = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";
	static final String CARE_TEAM_ROLE = "https://fhir.concord.org.uk/CodeSystem/care-team-role";

	FhirHttp fhir;

	@Test
	void patientDeclaringTheUkCoreProfileIsStoredAndValidateWarnsThatTheProfileIsNotHeld() {
		Patient patient = patient();
		patient.getMeta().addProfile(UK_CORE_PATIENT);

		FhirHttp.Response created = fhir.post("Patient", "application/fhir+json", GuideExamples.json(patient));
		FhirHttp.Response validated = fhir.post("Patient/$validate", "application/fhir+json", GuideExamples.json(patient));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		OperationOutcome outcome = validated.as(OperationOutcome.class);
		assertThat(Outcomes.errors(outcome)).isEmpty();
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
			assertThat(issue.getDiagnostics()).contains(UK_CORE_PATIENT);
		});
	}

	@Test
	void patientDeclaringTheUkCoreProfileStillMeetsConcordsProfile() {
		Patient patient = patient().setBirthDate(null);
		patient.getMeta().addProfile(UK_CORE_PATIENT);

		FhirHttp.Response response = fhir.post("Patient", "application/fhir+json", GuideExamples.json(patient));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body()).contains("Patient.birthDate: minimum required = 1");
	}

	@Test
	void careTeamRolesMayCarrySnomedAndRoleCodeCodingsBesideConcordsCode() {
		CareTeam team = GuideExamples.copyOf("CareTeam-dmd-care-team.json", CareTeam.class);
		team.getParticipantFirstRep().getRoleFirstRep()
				.addCoding(new Coding("http://snomed.info/sct", "768820003", "Care coordinator"));
		team.addParticipant()
				.addRole(new CodeableConcept()
						.addCoding(new Coding(CARE_TEAM_ROLE, "parent-or-carer", "Parent or carer"))
						.addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother")))
				.setMember(new Reference("RelatedPerson/dmd-mother"));

		FhirHttp.Response response = fhir.post("CareTeam", "application/fhir+json", GuideExamples.json(team));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void planActivitiesAndPlanTypeMayCarryASnomedCodingBesideConcordsCode() {
		CarePlan plan = GuideExamples.copyOf("CarePlan-dmd-coordinated-care-plan.json", CarePlan.class);
		plan.getActivityFirstRep().getDetail().getCode()
				.addCoding(new Coding("http://snomed.info/sct", "390906007", "Follow-up encounter"));
		plan.getCategoryFirstRep().addCoding(new Coding("http://snomed.info/sct", "734163000", "Care plan"));

		FhirHttp.Response response = fhir.post("CarePlan", "application/fhir+json", GuideExamples.json(plan));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void conditionRecordedInErrorIsStoredWithoutAClinicalStatus() {
		Condition condition = GuideExamples.copyOf("Condition-dmd-condition.json", Condition.class);
		condition.setClinicalStatus(null);
		condition.setVerificationStatus(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/condition-ver-status", "entered-in-error", "Entered in Error")));

		FhirHttp.Response response = fhir.post("Condition", "application/fhir+json", GuideExamples.json(condition));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void confirmedConditionWithoutAClinicalStatusIsStillRefused() {
		Condition condition = GuideExamples.copyOf("Condition-dmd-condition.json", Condition.class);
		condition.setClinicalStatus(null);

		FhirHttp.Response response = fhir.post("Condition", "application/fhir+json", GuideExamples.json(condition));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body()).contains("clinicalStatus");
	}

	@Test
	void coordinatorWhosePeriodEndsTodayIsStillCurrent() {
		CareTeam team = teamWithCoordinators(null, LocalDate.now().toString());

		FhirHttp.Response response = fhir.post("CareTeam", "application/fhir+json", GuideExamples.json(team));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void plannedHandoverWhereTheNextCoordinatorStartsTomorrowCanBeRecorded() {
		CareTeam team = teamWithCoordinators(null, LocalDate.now().toString());
		team.addParticipant()
				.addRole(new CodeableConcept(new Coding(CARE_TEAM_ROLE, "care-coordinator", null)))
				.setMember(new Reference("Practitioner/pract-neurologist"))
				.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(LocalDate.now().plusDays(1).toString()));

		FhirHttp.Response response = fhir.post("CareTeam", "application/fhir+json", GuideExamples.json(team));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void coordinatorWhoStartsTomorrowIsNotYetCurrent() {
		CareTeam team = teamWithCoordinators(LocalDate.now().plusDays(1).toString(), null);

		FhirHttp.Response response = fhir.post("CareTeam", "application/fhir+json", GuideExamples.json(team));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body()).contains("must have exactly one current care coordinator");
	}

	@Test
	void coordinatorWhosePeriodEndedYesterdayIsNoLongerCurrent() {
		CareTeam team = teamWithCoordinators(null, LocalDate.now().minusDays(1).toString());

		FhirHttp.Response response = fhir.post("CareTeam", "application/fhir+json", GuideExamples.json(team));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body()).contains("must have exactly one current care coordinator");
	}

	private static CareTeam teamWithCoordinators(String start, String end) {
		CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setSubject(new Reference("Patient/dmd-child"));
		CareTeam.CareTeamParticipantComponent coordinator = team.addParticipant()
				.addRole(new CodeableConcept(new Coding(CARE_TEAM_ROLE, "care-coordinator", null)))
				.setMember(new Reference("Practitioner/pract-nurse-specialist"));
		if (start != null) {
			coordinator.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start));
		}
		if (end != null) {
			coordinator.getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end));
		}
		return team;
	}

	private static Patient patient() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(NhsNumbers.SYSTEM).setValue(NhsNumbers.random());
		patient.addName().setFamily("Core").addGiven("Uma");
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2010-05-06"));
		return patient;
	}
}
