package uk.concord.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.subscription.match.matcher.subscriber.SubscriptionCriteriaParser.SubscriptionCriteria;
import ca.uhn.fhir.jpa.subscription.match.matcher.subscriber.SubscriptionMatchingListener;
import ca.uhn.fhir.jpa.subscription.match.registry.ActiveSubscription;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionRegistry;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * HAPI's subscription matching listener, reading a change back from the database only when an active Subscription
 * watches its type. HAPI's listener reads every change it takes from the "to be matched" table back in full (a read in
 * a transaction of its own) and only then asks which Subscriptions could match it: with none watching, that read and
 * HAPI's topic listener's second one were 8 % of the server's CPU during ingest (issue 12, bench/RESULTS.md run 45;
 * the topic listener is left out, {@link ServerConfig}). Here the registry of active Subscriptions is asked first, by
 * the type rule HAPI's listener applies after the read, so what is matched and delivered is the same. On a cluster
 * this node's registry may not yet know another node's new Subscription; it is brought up to date from the written
 * resource's time ({@link ClusterSubscriptionRegistry}), so there every change is read back as before.
 */
class SubscriptionMatchingWhenWatched extends SubscriptionMatchingListener {

	private final SubscriptionRegistry registry;
	private final FhirContext fhir;
	private final boolean registryMayLag;

	SubscriptionMatchingWhenWatched(SubscriptionRegistry registry, FhirContext fhir, ServerProperties properties) {
		this.registry = registry;
		this.fhir = fhir;
		this.registryMayLag = properties.cluster();
	}

	@Override
	public void matchActiveSubscriptionsAndDeliver(ResourceModifiedMessage change) {
		IIdType written = change.getPayloadId(fhir);
		if (registryMayLag || written == null || watched(written.getResourceType())) {
			super.matchActiveSubscriptionsAndDeliver(change);
		}
	}

	/** Whether an active Subscription's criteria name this type (HAPI's listener's own test of each Subscription). */
	private boolean watched(String type) {
		for (ActiveSubscription active : registry.getAllNonTopicSubscriptions()) {
			SubscriptionCriteria criteria = active.getCriteria();
			if (criteria != null && switch (criteria.getType()) {
				case STARTYPE_EXPRESSION -> !"Subscription".equals(type);
				default -> criteria.getApplicableResourceTypes().contains(type);
			}) {
				return true;
			}
		}
		return false;
	}
}
