package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.Outcomes;
import uk.concord.testing.SharedRecord;

/**
 * A patient's record holds that patient's records only. A care team cannot list another patient's record (their
 * care team, the patient themselves, their relative) as a member: it would put that patient's records into this
 * patient's summary and make the GP lookup answer 403 to everyone who cares for this one. And whatever other
 * references say, a patient's {@code $summary}, passport and {@code $everything} leave out other patients' records.
 * Patient A is cared for by Riverside (Y90001, the demo token {@code gp-riverside}); patient B is not.
 */
@EmbeddedServerTest
class OnePatientPerDocumentIT {

	private static final String ROLES = "https://fhir.concord.org.uk/CodeSystem/care-team-role";

	FhirHttp fhir;

	@Test
	void aCareTeamCannotListAnotherPatientsRecordAsAMember() {
		String nhsA = NhsNumbers.random();
		String a = patient(nhsA, "Anders", "Y90001");
		String b = patient(NhsNumbers.random(), "Bexley", null);
		CareTeam team = team(nhsA);

		for (String member : List.of(teamOf(b).getIdElement().toUnqualifiedVersionless().getValue(), "Patient/" + b)) {
			CareTeam changed = team.copy();
			changed.addParticipant().setMember(new Reference(member))
					.addRole(new CodeableConcept(new Coding(ROLES, "key-worker", null)));
			FhirHttp.Response response = fhir.send(java.net.http.HttpRequest.newBuilder(fhir.uri("CareTeam/" + team.getIdPart()))
					.header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
					.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(FhirHttp.R4.newJsonParser().encodeResourceToString(changed))));
			assertThat(response.status()).as(response.body()).isEqualTo(422);
			OperationOutcome outcome = response.as(OperationOutcome.class);
			assertThat(String.join(" ", Outcomes.errors(outcome))).contains(member).contains("another patient");
		}

		Bundle lookup = fhir.as("gp-riverside").get("CareTeam?subject:Patient.identifier=" + NhsNumbers.SYSTEM + "|" + nhsA
				+ "&status=active&_include=CareTeam:participant&_include=CareTeam:subject").as(Bundle.class);
		assertThat(ids(lookup)).contains("Patient/" + a).noneMatch(id -> id.contains(b));
	}

	@Test
	void summaryPassportAndEverythingHoldOnlyThePatientsOwnRecords() {
		String nhsA = NhsNumbers.random();
		String a = patient(nhsA, "Aldous", "Y90001");
		String b = patient(NhsNumbers.random(), "Brightwater", null);
		String teamOfB = teamOf(b).getIdElement().toUnqualifiedVersionless().getValue();
		// a care plan of A's that (wrongly) names B's care team: the reference itself is A's business
		CarePlan plan = (CarePlan) fhir.get("CarePlan?subject=Patient/" + a).as(Bundle.class).getEntryFirstRep().getResource();
		plan.addCareTeam(new Reference(teamOfB));
		assertThat(fhir.send(java.net.http.HttpRequest.newBuilder(fhir.uri("CarePlan/" + plan.getIdPart()))
				.header("Content-Type", "application/fhir+json")
				.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(FhirHttp.R4.newJsonParser().encodeResourceToString(plan))))
				.status()).isEqualTo(200);

		for (FhirHttp caller : List.of(fhir, fhir.as("gp-riverside"))) {
			FhirHttp.Response everything = caller.get("Patient/" + a + "/$everything?_count=500");
			assertThat(everything.status()).as(everything.body()).isEqualTo(200);
			assertThat(ids(everything.as(Bundle.class))).contains("Patient/" + a, "CarePlan/" + plan.getIdPart())
					.doesNotContain(teamOfB).noneMatch(id -> id.equals("Patient/" + b));

			FhirHttp.Response summary = caller.get("Patient/" + a + "/$summary");
			assertThat(summary.status()).as(summary.body()).isEqualTo(200);
			assertThat(ids(summary.as(Bundle.class))).contains("Patient/" + a).doesNotContain(teamOfB, "Patient/" + b);
			assertThat(summary.body()).doesNotContain(teamOfB).doesNotContain("Brightwater");

			FhirHttp.Response passport = caller.getAny(caller.root() + "/passport/Patient/" + a);
			assertThat(passport.status()).isEqualTo(200);
			assertThat(passport.body()).contains("Aldous").doesNotContain("Brightwater");
		}
	}

	private String patient(String nhs, String family, String ods) {
		String record = SharedRecord.json(nhs, family, "documents");
		if (ods != null) {
			record = record.replace(SharedRecord.odsCodeOf(nhs), ods);
		}
		assertThat(fhir.post("", "application/fhir+json", record).status()).isEqualTo(200);
		return fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	private CareTeam team(String nhs) {
		return (CareTeam) fhir.get("CareTeam?identifier=" + SharedRecord.RECORD_IDS + "|" + nhs + "-neuromuscular")
				.as(Bundle.class).getEntryFirstRep().getResource();
	}

	private CareTeam teamOf(String patient) {
		return (CareTeam) fhir.get("CareTeam?subject=Patient/" + patient + "&_sort=_id").as(Bundle.class)
				.getEntryFirstRep().getResource();
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.map(Resource::getIdElement)
				.map(id -> id.getResourceType() + "/" + id.getIdPart())
				.toList();
	}
}
