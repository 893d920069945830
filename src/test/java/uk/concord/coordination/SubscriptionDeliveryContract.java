package uk.concord.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.concord.testing.Subscribing.TEAM;
import static uk.concord.testing.Subscribing.TEAM_ODS;
import static uk.concord.testing.Subscribing.awaitStatus;
import static uk.concord.testing.Subscribing.changeConditionOf;
import static uk.concord.testing.Subscribing.patientCaredForBy;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.FhirHttpInjector;
import uk.concord.testing.GuideFiles;
import uk.concord.testing.HookReceiver;
import uk.concord.testing.Subscribing;

/**
 * How REST-hook Subscriptions deliver, whatever the database: told after the change is committed, retried when the
 * receiver fails, the Subscription set to {@code error} with the reason when the retries give up and resumed when its
 * creator asks, never sent to an organisation the patient's consent shuts out. Subclasses choose the database and
 * must give the server small retry settings ({@code first-retry-after} 200ms, {@code give-up-after} 3s) and allow
 * {@code http://localhost:} endpoints. The team system is Great Ormond Street's ({@code team-system}, RP4).
 */
@ExtendWith(FhirHttpInjector.class)
abstract class SubscriptionDeliveryContract {

	FhirHttp fhir;

	@Autowired
	IInterceptorService storageHooks;

	/** Subscriptions this test made: deleted after it, so none outlives its receiver. */
	private final List<Made> made = new ArrayList<>();

	private record Made(String client, String id) {}

	@Test
	void aTeamSystemIsToldTheIdOfAChangedRecordOnceItIsCommittedAndNothingMore() {
		String patient = patientCaredForBy(fhir, TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.answering200()) {
			String subscription = activeSubscription(TEAM, "Condition?patient=Patient/" + patient, receiver);

			String condition = changeConditionOf(fhir, patient, "Wheelchair assessment booked");

			HookReceiver.Notification notification = receiver.await(n -> n.path().endsWith("/Condition/" + condition));
			assertThat(notification.method()).isEqualTo("PUT");
			assertThat(notification.body()).contains(condition).doesNotContain("Wheelchair").doesNotContain("code");
			// the receiver fetches with its own token, and the change is there to fetch
			assertThat(fhir.as(TEAM).get("Condition/" + condition).body()).contains("Wheelchair assessment booked");
			assertThat(statusOf(subscription)).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		}
	}

	@Test
	void changesNoSubscriptionWatchesAreNotReadBackToBeMatchedAndTopicsAreNeverMatched() {
		ChangesMatched matched = new ChangesMatched();
		storageHooks.registerInterceptor(matched);
		try (HookReceiver receiver = HookReceiver.answering200()) {
			String patient = patientCaredForBy(fhir, TEAM_ODS);
			activeSubscription(TEAM, "Condition?patient=Patient/" + patient, receiver);

			String condition = changeConditionOf(fhir, patient, "Seen in the transition clinic");

			receiver.await(n -> n.path().endsWith("/Condition/" + condition));
			assertThat(matched.changes).contains("Condition/" + condition);
			// the record's care plan and clinic letter were written too, before the Subscription; none watches them
			assertThat(matched.changes).noneMatch(c -> c.startsWith("CarePlan/") || c.startsWith("DocumentReference/"));
			assertThat(matched.topicChanges).isEmpty();
		} finally {
			storageHooks.unregisterInterceptor(matched);
		}
	}

	@Test
	void aReceiverThatFailsAtFirstIsToldAgainAfterABackOffAndOnceItAnswers() {
		String patient = patientCaredForBy(fhir, TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.failingFirst(1)) {
			String subscription = activeSubscription(TEAM, "Condition?patient=Patient/" + patient, receiver);

			String condition = changeConditionOf(fhir, patient, "Physiotherapy review");

			receiver.await(n -> n.answered() == 200);
			assertThat(receiver.received()).extracting(HookReceiver.Notification::answered).containsExactly(500, 200);
			assertThat(receiver.received()).allSatisfy(n -> assertThat(n.path()).endsWith("/Condition/" + condition));
			assertThat(statusOf(subscription)).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		}
	}

	@Test
	void aReceiverThatStaysDownLeavesTheSubscriptionInErrorWithTheReason() {
		String patient = patientCaredForBy(fhir, TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.down()) {
			String subscription = activeSubscription(TEAM, "Condition?patient=Patient/" + patient, receiver);

			changeConditionOf(fhir, patient, "Cardiology referral");

			Subscription failed = awaitStatus(fhir.as(TEAM), subscription, Subscription.SubscriptionStatus.ERROR);
			assertThat(failed.getError()).contains(receiver.endpoint()).contains("Set status to requested");
			assertThat(receiver.received().size()).isGreaterThan(1);
		}
	}

	@Test
	void aSubscriptionInErrorThatItsCreatorSetsBackToRequestedIsToldOfTheNextChange() {
		String patient = patientCaredForBy(fhir, TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.down()) {
			String subscription = activeSubscription(TEAM, "Condition?patient=Patient/" + patient, receiver);
			changeConditionOf(fhir, patient, "Dietitian referral");
			Subscription failed = awaitStatus(fhir.as(TEAM), subscription, Subscription.SubscriptionStatus.ERROR);

			receiver.recover();
			failed.setStatus(Subscription.SubscriptionStatus.REQUESTED);
			FhirHttp.Response resumed = fhir.as(TEAM).send(HttpRequest.newBuilder(fhir.uri("Subscription/" + subscription))
					.header("Content-Type", "application/fhir+json")
					.PUT(HttpRequest.BodyPublishers.ofString(FhirHttp.R4.newJsonParser().encodeResourceToString(failed))));
			assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
			assertThat(awaitStatus(fhir.as(TEAM), subscription, Subscription.SubscriptionStatus.ACTIVE).getError()).isNull();

			String condition = changeConditionOf(fhir, patient, "Dietitian review booked");

			String version = fhir.get("Condition/" + condition).as(Condition.class).getMeta().getVersionId();
			HookReceiver.Notification told = receiver.await(n -> n.answered() == 200);
			assertThat(told.path()).endsWith("/Condition/" + condition);
			assertThat(told.body()).contains("\"versionId\":\"" + version + "\"");
			assertThat(statusOf(subscription)).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		}
	}

	@Test
	void anOrganisationThePatientsConsentShutsOutIsToldNothingAboutThatPatient() {
		String patient = patientCaredForBy(fhir, TEAM_ODS);
		try (HookReceiver team = HookReceiver.answering200(); HookReceiver ehr = HookReceiver.answering200()) {
			activeSubscription(TEAM, "Condition?patient=Patient/" + patient, team);
			activeSubscription(FhirHttp.DEFAULT_CLIENT, "Condition?patient=Patient/" + patient, ehr);
			assertThat(fhir.post("Consent", "application/fhir+json", consentDenying(patient, TEAM_ODS)).status())
					.isEqualTo(201);

			String condition = changeConditionOf(fhir, patient, "Genetic counselling");

			// the EHR (no organisation) is told; by then the team's delivery has been decided too
			ehr.await(n -> n.path().endsWith("/Condition/" + condition));
			assertThat(team.received()).noneMatch(n -> n.path().endsWith("/Condition/" + condition));
		}
	}

	@AfterEach
	void deleteSubscriptionsMade() {
		made.forEach(subscription -> Subscribing.delete(client(subscription.client()), "Subscription/" + subscription.id()));
	}

	private String activeSubscription(String client, String criteria, HookReceiver receiver) {
		String id = Subscribing.activeSubscription(client(client), criteria, receiver.endpoint());
		made.add(new Made(client, id));
		return id;
	}

	private FhirHttp client(String client) {
		return FhirHttp.DEFAULT_CLIENT.equals(client) ? fhir : fhir.as(client);
	}

	private Subscription.SubscriptionStatus statusOf(String subscription) {
		return fhir.as(TEAM).get("Subscription/" + subscription).as(Subscription.class).getStatus();
	}

	/** Each change HAPI's matching listeners read back from the database, as they are about to match it. */
	public static class ChangesMatched {

		final Set<String> changes = ConcurrentHashMap.newKeySet();
		final Set<String> topicChanges = ConcurrentHashMap.newKeySet();

		@Hook(Pointcut.SUBSCRIPTION_BEFORE_PERSISTED_RESOURCE_CHECKED)
		public boolean againstSubscriptions(ResourceModifiedMessage change) {
			changes.add(change.getPayloadId(FhirHttp.R4).toUnqualifiedVersionless().getValue());
			return true; // matching goes on
		}

		@Hook(Pointcut.SUBSCRIPTION_TOPIC_BEFORE_PERSISTED_RESOURCE_CHECKED)
		public boolean againstTopics(ResourceModifiedMessage change) {
			topicChanges.add(change.getPayloadId(FhirHttp.R4).toUnqualifiedVersionless().getValue());
			return true; // matching goes on
		}
	}

	private static String consentDenying(String patient, String ods) {
		Consent consent = FhirHttp.R4.newJsonParser().parseResource(Consent.class,
				GuideFiles.read(Path.of("ig/examples/Consent-swan-consent.json")));
		consent.setId((String) null);
		// the example names a demo organisation as custodian, which a real database does not hold
		consent.getOrganization().clear();
		consent.getPatient().setReference("Patient/" + patient);
		consent.getPerformerFirstRep().setReference("Patient/" + patient);
		var actor = consent.getProvision().getProvisionFirstRep().getActorFirstRep().getReference();
		actor.setReference(null);
		actor.getIdentifier().setValue(ods);
		return FhirHttp.R4.newJsonParser().encodeResourceToString(consent);
	}
}
