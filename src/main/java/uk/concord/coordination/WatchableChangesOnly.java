package uk.concord.coordination;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.subscription.submit.interceptor.SubscriptionMatcherInterceptor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.messaging.BaseResourceMessage.OperationTypeEnum;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's subscription submitter, for the changes a Subscription can see. HAPI makes every write a message for
 * subscription matching (encoding the whole resource into it), stores the message in the shared "to be matched" table
 * and has a matching job read it back. Concord's Subscriptions can watch only the types {@link SubscriptionCriteria}
 * accepts, so a write of any other type (above all the audit trail's own records, most of what is written under load:
 * a page of 50 patients makes 50) is let go before its message is made: making it was 8 % of the audit writer's work
 * (issue 12). Changes to Subscriptions themselves go on, because HAPI activates and registers Subscriptions through
 * the same queue. Replaces HAPI's {@code subscriptionMatcherInterceptor} bean ({@link CoordinationConfig}).
 */
class WatchableChangesOnly extends SubscriptionMatcherInterceptor {

	private static final Set<String> MATCHED = Stream.concat(SubscriptionCriteria.TYPES.stream(), Stream.of("Subscription"))
			.collect(Collectors.toUnmodifiableSet());

	private final FhirContext fhir;

	WatchableChangesOnly(FhirContext fhir) {
		this.fhir = fhir;
	}

	/** Whether a change to this resource is matched against Subscriptions at all. */
	boolean watchable(IBaseResource resource) {
		return MATCHED.contains(fhir.getResourceType(resource));
	}

	@Override
	protected void processResourceModifiedEvent(IBaseResource resource, OperationTypeEnum operation, RequestDetails request) {
		if (watchable(resource)) {
			super.processResourceModifiedEvent(resource, operation, request);
		}
	}
}
