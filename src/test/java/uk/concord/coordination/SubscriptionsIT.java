package uk.concord.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;
import uk.concord.record.Vocabulary;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.GuideFiles;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/**
 * Team systems are told when a patient's care records change: a REST hook carrying the changed record's id, sent
 * after the change is committed, retried when the receiver fails, never sent to an organisation the patient's
 * consent shuts out. The team system here is Great Ormond Street's ({@code team-system}, RP4).
 */
@EmbeddedServerTest
class SubscriptionsIT {

	private static final String TEAM = "team-system";
	private static final String TEAM_ODS = "RP4";

	FhirHttp fhir;

	@Test
	void aTeamSystemIsToldTheIdOfAChangedRecordOnceItIsCommittedAndNothingMore() {
		String patient = patientCaredForBy(TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.answering200()) {
			String subscription = activeSubscription(fhir.as(TEAM), "Condition?patient=Patient/" + patient, receiver);

			String condition = changeConditionOf(patient, "Wheelchair assessment booked");

			HookReceiver.Notification notification = receiver.await(n -> n.path().endsWith("/Condition/" + condition));
			assertThat(notification.method()).isEqualTo("PUT");
			assertThat(notification.body()).contains(condition).doesNotContain("Wheelchair").doesNotContain("code");
			// the receiver fetches with its own token, and the change is there to fetch
			assertThat(fhir.as(TEAM).get("Condition/" + condition).body()).contains("Wheelchair assessment booked");
			assertThat(statusOf(subscription)).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		}
	}

	@Test
	void aReceiverThatFailsAtFirstIsToldAgainAfterABackOffAndOnceItAnswers() {
		String patient = patientCaredForBy(TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.failingFirst(1)) {
			String subscription = activeSubscription(fhir.as(TEAM), "Condition?patient=Patient/" + patient, receiver);

			String condition = changeConditionOf(patient, "Physiotherapy review");

			receiver.await(n -> n.answered() == 200);
			assertThat(receiver.received()).extracting(HookReceiver.Notification::answered).containsExactly(500, 200);
			assertThat(receiver.received()).allSatisfy(n -> assertThat(n.path()).endsWith("/Condition/" + condition));
			assertThat(statusOf(subscription)).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		}
	}

	@Test
	void aReceiverThatStaysDownLeavesTheSubscriptionInErrorWithTheReason() {
		String patient = patientCaredForBy(TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.down()) {
			String subscription = activeSubscription(fhir.as(TEAM), "Condition?patient=Patient/" + patient, receiver);

			changeConditionOf(patient, "Cardiology referral");

			Subscription failed = Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
					.until(() -> fhir.as(TEAM).get("Subscription/" + subscription).as(Subscription.class),
							s -> s.getStatus() == Subscription.SubscriptionStatus.ERROR);
			assertThat(failed.getError()).contains(receiver.endpoint()).contains("Set status to requested");
			assertThat(receiver.received().size()).isGreaterThan(1);
		}
	}

	@Test
	void anOrganisationThePatientsConsentShutsOutIsToldNothingAboutThatPatient() {
		String patient = patientCaredForBy(TEAM_ODS);
		try (HookReceiver team = HookReceiver.answering200(); HookReceiver ehr = HookReceiver.answering200()) {
			activeSubscription(fhir.as(TEAM), "Condition?patient=Patient/" + patient, team);
			activeSubscription(fhir, "Condition?patient=Patient/" + patient, ehr);
			assertThat(fhir.post("Consent", "application/fhir+json", consentDenying(patient, TEAM_ODS)).status())
					.isEqualTo(201);

			String condition = changeConditionOf(patient, "Genetic counselling");

			// the EHR (no organisation) is told; by then the team's delivery has been decided too
			ehr.await(n -> n.path().endsWith("/Condition/" + condition));
			assertThat(team.received()).noneMatch(n -> n.path().endsWith("/Condition/" + condition));
		}
	}

	@Test
	void aSubscriptionOnCriteriaConcordCannotCheckIsRefusedNamingTheAcceptedForms() {
		String patient = patientCaredForBy(TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.answering200()) {
			for (String criteria : new String[] {
				"Observation?patient=Patient/" + patient, "Condition?code=http://snomed.info/sct|1", "Condition?",
				"Condition?patient=Patient/" + patient + "&_has:Consent:patient:status=active"}) {
				FhirHttp.Response refused = subscribe(fhir.as(TEAM), criteria, receiver.endpoint());
				assertThat(refused.status()).as(criteria).isEqualTo(422);
				assertThat(refused.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
						.contains("Accepted criteria").contains("?patient=Patient/{id}");
			}
		}
	}

	@Test
	void aSubscriptionBeyondWhatTheCreatorMayReadIsRefused() {
		String elsewhere = patientCaredForBy("R1H");
		try (HookReceiver receiver = HookReceiver.answering200()) {
			assertThat(subscribe(fhir.as(TEAM), "Condition?patient=Patient/" + elsewhere, receiver.endpoint()).status())
					.isEqualTo(403);
			assertThat(subscribe(fhir.as(TEAM), "CareTeam?participant-organization=" + Vocabulary.ODS_CODE + "|RRK",
					receiver.endpoint()).status()).isEqualTo(403);
			FhirHttp.Response ownTeams = subscribe(fhir.as(TEAM),
					"CareTeam?participant-organization=" + Vocabulary.ODS_CODE + "|RP4", receiver.endpoint());
			assertThat(ownTeams.status()).isEqualTo(201);
			delete(fhir.as(TEAM), "Subscription/" + ownTeams.as(Subscription.class).getIdElement().getIdPart());
			// clinicians' user/ tokens do not subscribe; team systems do
			assertThat(subscribe(fhir.as("care-coordinator"), "Condition?patient=Patient/dmd-child",
					receiver.endpoint()).status()).isEqualTo(403);
		}
	}

	@Test
	void anEndpointOutsideTheAllowedOnesIsRefused() {
		String patient = patientCaredForBy(TEAM_ODS);
		FhirHttp.Response refused = subscribe(fhir.as(TEAM), "Condition?patient=Patient/" + patient,
				"http://169.254.169.254/latest/meta-data");
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.body()).contains("concord.coordination.subscriptions.endpoints");
	}

	@Test
	void aSubscriptionIsSeenAndChangedOnlyByTheClientThatMadeItWhateverTagsItWasSent() {
		String patient = patientCaredForBy(TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.answering200()) {
			Subscription spoofing = subscription("Condition?patient=Patient/" + patient, receiver.endpoint());
			spoofing.getMeta().addTag(Vocabulary.SUBSCRIPTION_CREATOR, FhirHttp.DEFAULT_CLIENT, null);
			FhirHttp.Response created = fhir.as(TEAM).post("Subscription", "application/fhir+json",
					FhirHttp.R4.newJsonParser().encodeResourceToString(spoofing));
			assertThat(created.status()).isEqualTo(201);
			Subscription stored = created.as(Subscription.class);
			String id = stored.getIdElement().getIdPart();
			assertThat(stored.getMeta().getTag()).filteredOn(t -> Vocabulary.SUBSCRIPTION_CREATOR.equals(t.getSystem()))
					.extracting(t -> t.getCode()).containsExactly(TEAM);

			assertThat(fhir.as(TEAM).get("Subscription/" + id).status()).isEqualTo(200);
			assertThat(fhir.get("Subscription/" + id).status()).isNotEqualTo(200);
			assertThat(fhir.get("Subscription?_id=" + id).as(Bundle.class).getEntry()).isEmpty();
			assertThat(delete(fhir, "Subscription/" + id)).isEqualTo(403);
			assertThat(fhir.as(TEAM).get("Subscription/" + id).status()).isEqualTo(200);
			assertThat(delete(fhir.as(TEAM), "Subscription/" + id)).isEqualTo(200);
		}
	}

	// --- helpers

	private String patientCaredForBy(String ods) {
		String nhs = NhsNumbers.random();
		String record = SharedRecord.json(nhs, "Subscribed", "notified").replace(SharedRecord.odsCodeOf(nhs), ods);
		assertThat(fhir.post("", "application/fhir+json", record).status()).isEqualTo(200);
		return fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	private static Subscription subscription(String criteria, String endpoint) {
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("Tell the team when the record changes");
		subscription.setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint);
		return subscription;
	}

	private static FhirHttp.Response subscribe(FhirHttp as, String criteria, String endpoint) {
		return as.post("Subscription", "application/fhir+json",
				FhirHttp.R4.newJsonParser().encodeResourceToString(subscription(criteria, endpoint)));
	}

	private String activeSubscription(FhirHttp as, String criteria, HookReceiver receiver) {
		FhirHttp.Response created = subscribe(as, criteria, receiver.endpoint());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.as(Subscription.class).getIdElement().getIdPart();
		Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
				.until(() -> as.get("Subscription/" + id).as(Subscription.class).getStatus(),
						status -> status == Subscription.SubscriptionStatus.ACTIVE);
		return id;
	}

	private static int delete(FhirHttp as, String path) {
		return as.send(HttpRequest.newBuilder(as.uri(path)).DELETE()).status();
	}

	private Subscription.SubscriptionStatus statusOf(String subscription) {
		return fhir.as(TEAM).get("Subscription/" + subscription).as(Subscription.class).getStatus();
	}

	/** Adds a note to the patient's condition (as the EHR); returns the condition's id. */
	private String changeConditionOf(String patient, String note) {
		Condition condition = (Condition) fhir.get("Condition?subject=Patient/" + patient).as(Bundle.class)
				.getEntryFirstRep().getResource();
		condition.addNote().setText(note);
		fhir.client().update().resource(condition).execute();
		return condition.getIdElement().getIdPart();
	}

	private static String consentDenying(String patient, String ods) {
		Consent consent = FhirHttp.R4.newJsonParser().parseResource(Consent.class,
				GuideFiles.read(Path.of("ig/examples/Consent-swan-consent.json")));
		consent.setId((String) null);
		consent.getPatient().setReference("Patient/" + patient);
		consent.getPerformerFirstRep().setReference("Patient/" + patient);
		var actor = consent.getProvision().getProvisionFirstRep().getActorFirstRep().getReference();
		actor.setReference(null);
		actor.getIdentifier().setValue(ods);
		return FhirHttp.R4.newJsonParser().encodeResourceToString(consent);
	}
}
