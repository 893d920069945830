package uk.concord.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.concord.testing.Subscribing.TEAM;
import static uk.concord.testing.Subscribing.TEAM_ODS;
import static uk.concord.testing.Subscribing.activeSubscription;
import static uk.concord.testing.Subscribing.awaitStatus;
import static uk.concord.testing.Subscribing.delete;
import static uk.concord.testing.Subscribing.patientCaredForBy;
import static uk.concord.testing.Subscribing.subscribe;
import static uk.concord.testing.Subscribing.subscription;

import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.submit.interceptor.SubscriptionMatcherInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.record.Vocabulary;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.HookReceiver;

/**
 * Team systems are told when a patient's care records change (the deliveries: {@link SubscriptionDeliveryContract}),
 * on the embedded default; and what a Subscription may be, who may make, see and change it.
 */
@EmbeddedServerTest
class SubscriptionsIT extends SubscriptionDeliveryContract {

	/** The deliveries above show watchable changes still reach Subscriptions through it. */
	@Test
	void theOnlySubscriptionSubmitterIsTheOneThatLetsUnwatchableChangesGo() {
		assertThat(storageHooks.getAllRegisteredInterceptors())
				.filteredOn(SubscriptionMatcherInterceptor.class::isInstance)
				.singleElement()
				.isInstanceOf(WatchableChangesOnly.class);
	}

	/** What HAPI's job that matches queued changes is scheduled with: a second (README), not HAPI's five. */
	@Test
	void queuedChangesAreMatchedEverySecond(@Autowired SubscriptionSettings settings) {
		assertThat(settings.getSubscriptionIntervalInMs()).isEqualTo(1000);
	}

	@Test
	void aSubscriptionOnCriteriaConcordCannotCheckIsRefusedNamingTheAcceptedForms() {
		String patient = patientCaredForBy(fhir, TEAM_ODS);
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
		String elsewhere = patientCaredForBy(fhir, "R1H");
		try (HookReceiver receiver = HookReceiver.answering200()) {
			assertThat(subscribe(fhir.as(TEAM), "Condition?patient=Patient/" + elsewhere, receiver.endpoint()).status())
					.isEqualTo(403);
			assertThat(subscribe(fhir.as(TEAM), "CareTeam?participant-organization=" + Vocabulary.ODS_CODE + "|RRK",
					receiver.endpoint()).status()).isEqualTo(403);
			// made and active (a change during HAPI's activation may meet its update: see the next test)
			String own = activeSubscription(fhir.as(TEAM),
					"CareTeam?participant-organization=" + Vocabulary.ODS_CODE + "|RP4", receiver.endpoint());
			assertThat(delete(fhir.as(TEAM), "Subscription/" + own)).isEqualTo(200);
			// clinicians' user/ tokens do not subscribe; team systems do
			assertThat(subscribe(fhir.as("care-coordinator"), "Condition?patient=Patient/dmd-child",
					receiver.endpoint()).status()).isEqualTo(403);
		}
	}

	@Test
	void anEndpointOutsideTheAllowedOnesIsRefused() {
		String patient = patientCaredForBy(fhir, TEAM_ODS);
		FhirHttp.Response refused = subscribe(fhir.as(TEAM), "Condition?patient=Patient/" + patient,
				"http://169.254.169.254/latest/meta-data");
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.body()).contains("concord.coordination.subscriptions.endpoints");
	}

	@Test
	void aSubscriptionIsSeenAndChangedOnlyByTheClientThatMadeItWhateverTagsItWasSent() {
		String patient = patientCaredForBy(fhir, TEAM_ODS);
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

			// HAPI activates it in the background, by an update of its own: a change made meanwhile may meet that
			// update (409, version conflict), as on any HAPI server
			awaitStatus(fhir.as(TEAM), id, Subscription.SubscriptionStatus.ACTIVE);
			assertThat(fhir.as(TEAM).get("Subscription/" + id).status()).isEqualTo(200);
			assertThat(fhir.get("Subscription/" + id).status()).isNotEqualTo(200);
			assertThat(fhir.get("Subscription?_id=" + id).as(Bundle.class).getEntry()).isEmpty();
			assertThat(delete(fhir, "Subscription/" + id)).isEqualTo(403);
			assertThat(fhir.as(TEAM).get("Subscription/" + id).status()).isEqualTo(200);
			assertThat(delete(fhir.as(TEAM), "Subscription/" + id)).isEqualTo(200);
		}
	}
}
