package uk.concord.coordination;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import uk.concord.security.CareRelationships;
import uk.concord.server.SearchInPages;
import uk.concord.server.StoredResources;
import uk.concord.server.DeliveryRetryPolicy;
import uk.concord.server.SubscriptionMatchingInterval;
import uk.concord.server.FhirServerCustomizer;
import uk.concord.server.HapiBeanReplacement;

/**
 * Coordinating the team: review reminders (a clustered job making Tasks), the {@code $coordination-gaps} report, and
 * REST-hook Subscriptions that tell team systems when a patient's care records change. The first two read through
 * HAPI's DAOs as the server and decide from the caller what to return, off the request path of every other
 * interaction; subscriptions are checked when written ({@link SubscriptionRules}) and at each delivery
 * ({@link SubscriptionDeliveries}).
 */
@Configuration
public class CoordinationConfig {

	/** Order among {@link FhirServerCustomizer}s: plain providers, after security and profile enforcement. */
	public static final int ORDER = 520;

	/** The name of HAPI's subscription submitter bean (SubscriptionMatcherInterceptorConfig#subscriptionMatcherInterceptor). */
	private static final String HAPI_MATCHER = "subscriptionMatcherInterceptor";

	@Bean
	Clock coordinationClock() {
		return Clock.systemDefaultZone();
	}

	@Bean
	ReviewReminders reviewReminders(DaoRegistry daos, SearchInPages pages, CoordinationProperties properties,
			Clock coordinationClock) {
		return new ReviewReminders(daos, pages, properties, coordinationClock);
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer coordinationGaps(DaoRegistry daos, SearchInPages pages, StoredResources changes,
			CareRelationships relationships, CoordinationProperties properties, Clock coordinationClock) {
		CareSnapshot snapshot = new CareSnapshot(daos, pages, changes, properties.gapsSnapshotOverlap(), coordinationClock);
		CoordinationGapsProvider provider = new CoordinationGapsProvider(new CareRecords(daos), snapshot,
				new GapsReport(Regions.load()), relationships, properties, coordinationClock);
		return server -> server.registerProvider(provider);
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer subscriptionRules(CareRelationships relationships, CoordinationProperties properties) {
		SubscriptionRules rules = new SubscriptionRules(relationships, properties.subscriptions().endpoints());
		return server -> server.registerInterceptor(rules);
	}

	/** Deliveries happen off any request, in HAPI's channels: the hooks go on the storage layer's interceptors. */
	@Bean
	SubscriptionDeliveries subscriptionDeliveries(FhirContext fhir, DaoRegistry daos, CareRelationships relationships,
			IInterceptorService interceptors) {
		SubscriptionDeliveries deliveries = new SubscriptionDeliveries(fhir, daos, relationships);
		interceptors.registerInterceptor(deliveries);
		return deliveries;
	}

	/**
	 * HAPI's {@code subscriptionMatcherInterceptor} bean (SubscriptionMatcherInterceptorConfig, which HAPI's loader
	 * registers on the storage layer) becomes {@link WatchableChangesOnly}.
	 */
	@Bean
	static HapiBeanReplacement watchableChangesOnly() {
		return HapiBeanReplacement.of(Map.of(HAPI_MATCHER, WatchableChangesOnly.class));
	}

	@Bean
	SubscriptionMatchingInterval subscriptionMatchingInterval(CoordinationProperties properties) {
		return new SubscriptionMatchingInterval(properties.subscriptions().matchingInterval());
	}

	@Bean
	DeliveryRetryPolicy subscriptionDeliveryRetries(CoordinationProperties properties, SubscriptionDeliveries deliveries) {
		CoordinationProperties.Subscriptions subscriptions = properties.subscriptions();
		return new DeliveryRetryPolicy(subscriptions.firstRetryAfter(), subscriptions.giveUpAfter(), deliveries);
	}
}
