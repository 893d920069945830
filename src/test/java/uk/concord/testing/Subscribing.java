package uk.concord.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Subscription;

/**
 * What REST-hook subscription tests do over HTTP: a patient whose care an organisation shares, a team system's
 * Subscription to changes in it, and a change (made as the EHR) that the Subscription reports.
 */
public final class Subscribing {

	/** Great Ormond Street's care coordination system, which subscribes for RP4. */
	public static final String TEAM = "team-system";
	public static final String TEAM_ODS = "RP4";

	private Subscribing() {}

	/** A new shared record (as the EHR) whose care team is the organisation's; returns the patient's id. */
	public static String patientCaredForBy(FhirHttp ehr, String ods) {
		String nhs = NhsNumbers.random();
		String record = SharedRecord.json(nhs, "Subscribed", "notified").replace(SharedRecord.odsCodeOf(nhs), ods);
		assertThat(ehr.post("", "application/fhir+json", record).status()).isEqualTo(200);
		return ehr.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	public static Subscription subscription(String criteria, String endpoint) {
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("Tell the team when the record changes");
		subscription.setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint);
		return subscription;
	}

	public static FhirHttp.Response subscribe(FhirHttp as, String criteria, String endpoint) {
		return as.post("Subscription", "application/fhir+json",
				FhirHttp.R4.newJsonParser().encodeResourceToString(subscription(criteria, endpoint)));
	}

	/** Creates the Subscription and waits until the server has activated it; returns its id. */
	public static String activeSubscription(FhirHttp as, String criteria, String endpoint) {
		FhirHttp.Response created = subscribe(as, criteria, endpoint);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.as(Subscription.class).getIdElement().getIdPart();
		awaitStatus(as, id, Subscription.SubscriptionStatus.ACTIVE);
		return id;
	}

	/** Waits until the Subscription, read by its creator, has the status; returns it as read then. */
	public static Subscription awaitStatus(FhirHttp creator, String id, Subscription.SubscriptionStatus status) {
		return Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
				.until(() -> creator.get("Subscription/" + id).as(Subscription.class), s -> s.getStatus() == status);
	}

	/** Adds a note to the patient's condition (as the EHR); returns the condition's id. */
	public static String changeConditionOf(FhirHttp ehr, String patient, String note) {
		Condition condition = (Condition) ehr.get("Condition?subject=Patient/" + patient).as(Bundle.class)
				.getEntryFirstRep().getResource();
		condition.addNote().setText(note);
		ehr.client().update().resource(condition).execute();
		return condition.getIdElement().getIdPart();
	}

	public static int delete(FhirHttp as, String path) {
		return as.delete(path).status();
	}
}
