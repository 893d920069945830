package uk.concord.coordination;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import ca.uhn.fhir.jpa.subscription.model.ResourceDeliveryMessage;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.Date;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.retry.RetryCallback;
import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryListener;
import uk.concord.record.Vocabulary;
import uk.concord.security.CareRelationships;
import uk.concord.security.PatientsOf;

/**
 * Each REST-hook delivery, after the write it reports has been committed: nothing goes to an organisation that may
 * no longer see the patient (no shared care, or the patient's consent denies it), and what goes carries the changed
 * record's id and version only. A delivery the receiver refuses is retried with back-off (HAPI's channel, as
 * {@code concord.coordination.subscriptions} sets it); when the retries give up, the Subscription is set to
 * {@code error} with the reason, which stops further deliveries until its owner sets it back to {@code requested}.
 */
@Interceptor
class SubscriptionDeliveries implements RetryListener {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionDeliveries.class);

	/** The last failure on this thread: HAPI retries a delivery on the thread that first tried it. */
	private final ThreadLocal<Failure> lastFailure = new ThreadLocal<>();

	private final FhirContext fhir;
	private final DaoRegistry daos;
	private final CareRelationships relationships;

	SubscriptionDeliveries(FhirContext fhir, DaoRegistry daos, CareRelationships relationships) {
		this.fhir = fhir;
		this.daos = daos;
		this.relationships = relationships;
	}

	record Failure(String subscription, String endpoint, String reason) {}

	@Hook(Pointcut.SUBSCRIPTION_BEFORE_REST_HOOK_DELIVERY)
	public boolean beforeDelivery(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
		IBaseResource changed = message.getPayload(fhir);
		if (changed == null) {
			return true;
		}
		String organisation = subscription.getTags().get(Vocabulary.ODS_CODE);
		if (organisation != null && !mayStillSee(organisation, PatientsOf.resource(fhir, changed))) {
			log.debug("Not notifying subscription {}: organisation {} may not see the patient",
					subscription.getIdPart(), organisation);
			return false;
		}
		message.setPayload(fhir, idOnly(changed), EncodingEnum.JSON);
		return true;
	}

	private boolean mayStillSee(String organisation, Set<String> patients) {
		Set<String> shared = relationships.sharedWith(organisation, new SystemRequestDetails()).patients();
		return shared.containsAll(patients);
	}

	/**
	 * Leaves the resource only its id, version and time of change: the receiver reads the rest with its own token.
	 * Changed in place, as HAPI delivers the instance it has already decoded from the message.
	 */
	private IBaseResource idOnly(IBaseResource changed) {
		IIdType id = changed.getIdElement();
		String version = changed.getMeta().getVersionId();
		Date lastUpdated = changed.getMeta().getLastUpdated();
		for (BaseRuntimeChildDefinition child : fhir.getResourceDefinition(changed).getChildren()) {
			if (!"id".equals(child.getElementName())) {
				child.getMutator().setValue(changed, null);
			}
		}
		changed.setId(id);
		changed.getMeta().setVersionId(version);
		changed.getMeta().setLastUpdated(lastUpdated);
		return changed;
	}

	@Hook(Pointcut.SUBSCRIPTION_AFTER_DELIVERY_FAILED)
	public boolean afterFailure(ResourceDeliveryMessage message, Exception failure) {
		CanonicalSubscription subscription = message.getSubscription();
		String reason = failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage();
		lastFailure.set(new Failure(subscription.getIdPart(), subscription.getEndpointUrl(), reason));
		// true: HAPI rethrows, and its channel retries
		return true;
	}

	@Override
	public <T, E extends Throwable> void close(RetryContext context, RetryCallback<T, E> callback, Throwable thrown) {
		Failure failure = lastFailure.get();
		lastFailure.remove();
		if (thrown != null && failure != null) {
			markInError(failure, context.getRetryCount());
		}
	}

	private void markInError(Failure failure, int attempts) {
		try {
			SystemRequestDetails system = new SystemRequestDetails();
			var dao = daos.getResourceDao(Subscription.class);
			Subscription subscription = dao.read(new IdType(SubscriptionRules.TYPE, failure.subscription()), system);
			subscription.setStatus(Subscription.SubscriptionStatus.ERROR);
			subscription.setError("Delivery to " + failure.endpoint() + " failed " + attempts + " times; last: "
					+ failure.reason() + ". Set status to requested to resume.");
			dao.update(subscription, system);
			log.warn("Subscription {} set to error after {} failed deliveries", failure.subscription(), attempts);
		} catch (RuntimeException e) {
			log.warn("Could not record the failed deliveries of subscription {}", failure.subscription(), e);
		}
	}
}
