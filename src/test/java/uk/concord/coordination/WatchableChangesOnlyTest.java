package uk.concord.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

/** Which writes are made into messages for subscription matching at all. */
class WatchableChangesOnlyTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private final WatchableChangesOnly filter = new WatchableChangesOnly(FHIR);

	@Test
	void changesToTypesASubscriptionCanWatchAreQueuedForMatching() {
		assertThat(queued(new Condition().setId("Condition/1"))).isTrue();
		assertThat(queued(new CarePlan().setId("CarePlan/1"))).isTrue();
	}

	@Test
	void changesToSubscriptionsAreQueuedSoThatHapiActivatesThem() {
		assertThat(queued(new Subscription().setId("Subscription/1"))).isTrue();
	}

	@Test
	void auditRecordsAndOtherTypesNoSubscriptionCanWatchAreNotQueued() {
		assertThat(queued(new AuditEvent().setId("AuditEvent/1"))).isFalse();
		assertThat(queued(new Patient().setId("Patient/1"))).isFalse();
	}

	private boolean queued(IBaseResource resource) {
		return filter.watchable(resource);
	}
}
