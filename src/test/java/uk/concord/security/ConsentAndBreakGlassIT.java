package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/**
 * A clinician's organisation sees the patients it cares for unless the patient's CareSharingConsent says no; with
 * no care relationship at all, a clinician in an emergency can break the glass to read the emergency care plan and
 * alerts, and nothing else. The clinician here is the emergency department of University Hospitals Birmingham (RRK).
 */
@EmbeddedServerTest
class ConsentAndBreakGlassIT {

	private static final String ED = "ed-clinician";
	private static final String ED_ODS = "RRK";
	private static final String EMERGENCY_PLAN =
			"CarePlan?patient=dmd-child&category=https://fhir.concord.org.uk/CodeSystem/care-plan-type|emergency-care-plan";

	FhirHttp fhir;

	@Test
	void aCareTeamOpensThePatientToTheOrganisationUntilTheirConsentDeniesIt() {
		String nhs = NhsNumbers.random();
		String patient = caredForByEd(nhs, "Consenting");
		FhirHttp ed = fhir.as(ED);

		assertThat(ed.get("Patient/" + patient).status()).isEqualTo(200);
		// while consent is checked resource by resource, HAPI leaves out the total; the entries are the answer
		assertThat(ed.get("Condition?subject=Patient/" + patient).as(Bundle.class).getEntry()).hasSize(1);

		assertThat(fhir.post("Consent", "application/fhir+json", SharedRecord.consentDenyingRrk(patient, null)).status()).isEqualTo(201);

		FhirHttp.Response read = ed.get("Patient/" + patient);
		assertThat(read.status()).isEqualTo(403);
		assertThat(read.body()).contains("OperationOutcome").doesNotContain("Consenting");
		assertThat(ed.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class).getEntry()).isEmpty();
		FhirHttp.Response count = ed.get("Condition?subject=Patient/" + patient + "&_summary=count");
		assertThat(count.status()).isEqualTo(403);
		assertThat(count.body()).doesNotContain("\"total\"");
		assertThat(ed.get("Patient/" + patient + "/$everything").status()).isEqualTo(404);
		// the organisations the consent does not name still see the record
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(200);
	}

	/**
	 * A record in two patients' records (a joint appointment of two siblings) is left out of the organisation's
	 * searches once either patient's consent denies it, although the search names the other patient, whom the
	 * organisation still sees. Consent is checked as resources are shown, each on its own: an included resource the
	 * organisation may see is still shown when the match that included it is withheld.
	 */
	@Test
	void aRecordOfTwoPatientsIsLeftOutOnceEitherOfThemDeniesTheOrganisation() {
		String sharing = caredForByEd(NhsNumbers.random(), "Together");
		String denying = caredForByEd(NhsNumbers.random(), "Apart");
		String description = "Joint counselling " + UUID.randomUUID();
		FhirHttp.Response booked = fhir.post("Appointment", "application/fhir+json", """
				{"resourceType":"Appointment","status":"booked","description":"%s",
				 "start":"2027-01-12T10:00:00Z","end":"2027-01-12T11:00:00Z","participant":[
				 {"actor":{"reference":"Patient/%s"},"status":"accepted"},
				 {"actor":{"reference":"Patient/%s"},"status":"accepted"}]}""".formatted(description, sharing, denying));
		assertThat(booked.status()).as(booked.body()).isEqualTo(201);
		FhirHttp ed = fhir.as(ED);
		String search = "Appointment?actor=Patient/" + sharing + "&_include=Appointment:actor";
		assertThat(ed.get(search).body()).contains(description).contains("Apart");

		assertThat(fhir.post("Consent", "application/fhir+json", SharedRecord.consentDenyingRrk(denying, null)).status()).isEqualTo(201);

		FhirHttp.Response withheld = ed.get(search);
		assertThat(withheld.status()).isEqualTo(200);
		assertThat(withheld.body()).doesNotContain(description).doesNotContain("Apart").doesNotContain("\"total\"");
		// what is left is only what the organisation sees anyway: at most the patient it shares, included by the search
		assertThat(withheld.as(Bundle.class).getEntry()).extracting(entry -> entry.getResource().getIdElement()
				.toUnqualifiedVersionless().getValue()).containsOnly("Patient/" + sharing);
		assertThat(ed.get("Patient/" + sharing).status()).isEqualTo(200);
	}

	/**
	 * Who may see whom is kept between requests until something it depends on changes; a consent coming into force is
	 * such a change although nothing is written at that moment.
	 */
	@Test
	void aConsentThatComesIntoForceLaterClosesTheRecordWhenItDoesWithNoFurtherWrite() {
		String patient = caredForByEd(NhsNumbers.random(), "Later");
		FhirHttp ed = fhir.as(ED);
		// long enough for the consent's validated write and the first read on a busy 2-core machine
		Instant inForce = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
		assertThat(fhir.post("Consent", "application/fhir+json",
				SharedRecord.consentDenyingRrk(patient, Date.from(inForce))).status()).isEqualTo(201);

		FhirHttp.Response before = ed.get("Patient/" + patient);
		assertThat(Instant.now()).as("the first read came before the consent's start").isBefore(inForce);
		assertThat(before.status()).as(before.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
				.until(() -> ed.get("Patient/" + patient).status() == 403);
		assertThat(Instant.now()).isAfterOrEqualTo(inForce);
		assertThat(ed.get("Condition?subject=Patient/" + patient).body()).doesNotContain("\"resourceType\":\"Condition\"");
	}

	@Test
	void endingTheCareTeamClosesTheRecordToTheOrganisationAtOnce() {
		String patient = caredForByEd(NhsNumbers.random(), "Ending");
		FhirHttp ed = fhir.as(ED);
		assertThat(ed.get("Patient/" + patient).status()).isEqualTo(200);

		FhirHttp.Response teams = fhir.get("CareTeam?subject=Patient/" + patient);
		assertThat(teams.status()).as(teams.body()).isEqualTo(200);
		for (Bundle.BundleEntryComponent entry : teams.as(Bundle.class).getEntry()) {
			CareTeam team = (CareTeam) entry.getResource();
			team.setStatus(CareTeam.CareTeamStatus.INACTIVE);
			fhir.client().update().resource(team).execute();
		}

		assertThat(ed.get("Patient/" + patient).status()).isEqualTo(403);
		assertThat(ed.get("CareTeam?subject=Patient/" + patient).body()).doesNotContain("\"resourceType\":\"CareTeam\"");
	}

	@Test
	void anEmergencyClinicianBreaksTheGlassForTheEmergencyCarePlanAndAlertOnly() {
		FhirHttp ed = fhir.as(ED);
		String reason = "Unconscious in ED, parent reports DMD " + UUID.randomUUID();

		assertThat(ed.get("CarePlan/dmd-emergency-care-plan").status()).isEqualTo(403);
		assertThat(breakingGlass(ed, "CarePlan/dmd-emergency-care-plan", reason).status()).isEqualTo(200);
		assertThat(ed.get("Flag/dmd-alert?break-glass-reason=" + reason.replace(" ", "%20")).status()).isEqualTo(200);

		Bundle plans = breakingGlass(ed, EMERGENCY_PLAN, reason).as(Bundle.class);
		assertThat(plans.getEntry()).extracting(entry -> entry.getResource().getIdElement().getIdPart())
				.containsExactly("dmd-emergency-care-plan");

		// nothing else opens
		assertThat(breakingGlass(ed, "CarePlan/dmd-coordinated-care-plan", reason).status()).isEqualTo(403);
		assertThat(breakingGlass(ed, "Patient/dmd-child", reason).status()).isEqualTo(403);
		assertThat(breakingGlass(ed, "Condition/dmd-condition", reason).status()).isEqualTo(403);
		assertThat(breakingGlass(ed, "CarePlan?patient=dmd-child", reason).status()).isEqualTo(403);
		FhirHttp.Response everyone = breakingGlass(ed, "CarePlan?category=emergency-care-plan", reason);
		assertThat(everyone.status()).isEqualTo(403);
		assertThat(everyone.body()).contains("patient=");
	}

	@Test
	void breakingTheGlassIsForClinicianUsersNotForAPatientApp() {
		FhirHttp.Response response = breakingGlass(fhir.as("patient-app"), "CarePlan/swan-care-plan", "curious");
		assertThat(response.status()).isEqualTo(403);
	}

	/** A new patient whose care team includes the emergency department's organisation; returns the patient's id. */
	private String caredForByEd(String nhs, String family) {
		String record = SharedRecord.json(nhs, family, "sharing").replace(SharedRecord.odsCodeOf(nhs), ED_ODS);
		assertThat(fhir.post("", "application/fhir+json", record).status()).isEqualTo(200);
		return fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	static FhirHttp.Response breakingGlass(FhirHttp as, String path, String reason) {
		return as.send(HttpRequest.newBuilder(as.uri(path))
				.header("Accept", "application/fhir+json")
				.header("X-Break-Glass-Reason", reason)
				.GET());
	}
}
