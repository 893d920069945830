package uk.concord.coordination;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * HAPI queues every write for subscription matching: a row in the shared "to be matched" table, then a matching job
 * that reads it back. Concord's Subscriptions can watch only the types {@link SubscriptionCriteria} accepts, so a write
 * of any other type (above all the audit trail's own records, most of what is written under load: a page of 50
 * patients makes 50) is let go before it is queued. Changes to Subscriptions themselves go on, because HAPI activates
 * and registers Subscriptions through the same queue.
 */
@Interceptor
class WatchableChangesOnly {

	private final FhirContext fhir;
	private final Set<String> matched;

	WatchableChangesOnly(FhirContext fhir) {
		this.fhir = fhir;
		this.matched = Stream.concat(SubscriptionCriteria.TYPES.stream(), Stream.of("Subscription"))
				.collect(Collectors.toUnmodifiableSet());
	}

	/** @return whether HAPI goes on to queue the change for matching */
	@Hook(Pointcut.SUBSCRIPTION_RESOURCE_MODIFIED)
	public boolean queueIfWatchable(ResourceModifiedMessage change) {
		return matched.contains(change.getResourceType(fhir));
	}
}
