package uk.concord.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionLoader;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * On a cluster, a committed write, and a change to a Subscription too, is matched by whichever node runs HAPI's
 * clustered job that takes them from the shared table of changes; that node's registry of active Subscriptions learns
 * of the Subscription change as it matches it. Any other node learns of it only when it next polls the database (once
 * a minute). While the job stays on one node that is enough; when it moves (a node stops, or Quartz gives the trigger
 * to the other node), the new node could, for up to a minute, miss writes to a Subscription made just before, or
 * still deliver to one set to {@code error} or deleted. So before a write is matched, the node reads the
 * Subscriptions from the database again, unless it already has since that write.
 */
@Interceptor
class ClusterSubscriptionRegistry {

	/** The write's time comes from the writing node's clock: nodes' clocks may differ by this much. */
	static final Duration CLOCK_ALLOWANCE = Duration.ofSeconds(1);

	private final SubscriptionLoader loader;
	private final FhirContext fhir;
	private final Clock clock;
	private final AtomicReference<Instant> lastRead = new AtomicReference<>(Instant.EPOCH);

	ClusterSubscriptionRegistry(SubscriptionLoader loader, FhirContext fhir, Clock clock) {
		this.loader = loader;
		this.fhir = fhir;
		this.clock = clock;
	}

	@Hook(Pointcut.SUBSCRIPTION_BEFORE_PERSISTED_RESOURCE_CHECKED)
	public boolean beforeMatching(ResourceModifiedMessage message) {
		IBaseResource written = message.getResource(fhir);
		Date when = written == null ? null : written.getMeta().getLastUpdated();
		if (when == null || !lastRead.get().isAfter(when.toInstant().plus(CLOCK_ALLOWANCE))) {
			Instant reading = clock.instant();
			// waits for a read already under way (which may have started before the write) and reads again
			loader.forceRefresh();
			lastRead.accumulateAndGet(reading, (a, b) -> a.isAfter(b) ? a : b);
		}
		return true;
	}
}
