package uk.concord.coordination;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Subscription;
import uk.concord.record.Vocabulary;
import uk.concord.security.AccessClassification;
import uk.concord.security.Caller;
import uk.concord.security.CareRelationships;
import uk.concord.security.SmartScope.Context;
import uk.concord.security.SmartScope.Permission;

/**
 * What a Subscription may be: a REST hook to an allowed endpoint ({@code concord.coordination.subscriptions.endpoints}),
 * on criteria Concord accepts ({@link SubscriptionCriteria}) for data its creator's token may read, delivering ids
 * only. The server tags each Subscription with the client that made it, and the organisation the token acts for;
 * only that client sees, changes or deletes it.
 */
@Interceptor
class SubscriptionRules {

	static final String TYPE = "Subscription";

	private final CareRelationships relationships;
	private final List<String> endpoints;

	SubscriptionRules(CareRelationships relationships, List<String> endpoints) {
		this.relationships = relationships;
		this.endpoints = List.copyOf(endpoints);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		Caller caller = Caller.of(request);
		if (resource instanceof Subscription subscription && !caller.isInternal()) {
			check(subscription, caller, request);
			stampCreator(subscription, caller.clientId(), caller.organisation());
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		Caller caller = Caller.of(request);
		if (resource instanceof Subscription subscription && !caller.isInternal()) {
			Subscription before = (Subscription) previous;
			checkOwner(before, caller);
			check(subscription, caller, request);
			stampCreator(subscription, creatorOf(before), organisationOf(before));
			if (subscription.getStatus() == Subscription.SubscriptionStatus.REQUESTED) {
				// resumed by its owner: the reason it was in error no longer describes it
				subscription.setError(null);
			}
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleted(IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription && !Caller.of(request).isInternal()) {
			checkOwner(subscription, Caller.of(request));
		}
	}

	/** Other clients' Subscriptions are left out of every answer, as if they did not exist. */
	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	public void show(IPreResourceShowDetails details, RequestDetails request) {
		Caller caller = request == null ? Caller.INTERNAL : Caller.of(request);
		if (caller.isInternal()) {
			return;
		}
		for (int i = 0; i < details.size(); i++) {
			if (details.getResource(i) instanceof Subscription subscription && !ownedBy(subscription, caller)) {
				details.setResource(i, null);
			}
		}
	}

	private void check(Subscription subscription, Caller caller, RequestDetails request) {
		if (!AccessClassification.mayUseType(TYPE, caller)) {
			throw new ForbiddenOperationException("Subscriptions are made by team systems with system/ scopes");
		}
		Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
		if (channel.getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
			throw new UnprocessableEntityException("Subscription.channel.type must be rest-hook");
		}
		String endpoint = channel.getEndpoint();
		if (endpoint == null || endpoints.stream().noneMatch(endpoint::startsWith)) {
			throw new UnprocessableEntityException("Subscription.channel.endpoint '" + endpoint
					+ "' is not an endpoint this server delivers to (concord.coordination.subscriptions.endpoints)");
		}
		SubscriptionCriteria criteria = SubscriptionCriteria.parse(subscription.getCriteria());
		if (!caller.scopes().allows(Context.SYSTEM, criteria.type(), Permission.READ)) {
			throw new ForbiddenOperationException("The token may not read " + criteria.type()
					+ ", so it may not subscribe to it");
		}
		String organisation = caller.organisation();
		if (organisation != null && criteria.patient() != null
				&& !relationships.sharedWith(organisation, request).patients().contains(criteria.patient())) {
			throw new ForbiddenOperationException("Organisation " + organisation
					+ " may not subscribe to a patient whose care it does not share");
		}
		if (organisation != null && criteria.organisation() != null
				&& !organisation.equalsIgnoreCase(criteria.organisation())) {
			throw new ForbiddenOperationException("Organisation " + organisation
					+ " may subscribe to its own care teams only");
		}
		// ids only: the payload type makes HAPI send PUT {endpoint}/{type}/{id}; SubscriptionDeliveries empties the body
		channel.setPayload(Constants.CT_FHIR_JSON_NEW);
	}

	private static void checkOwner(Subscription subscription, Caller caller) {
		if (!ownedBy(subscription, caller)) {
			throw new ForbiddenOperationException("Only the client that created a Subscription may change or delete it");
		}
	}

	static boolean ownedBy(Subscription subscription, Caller caller) {
		return caller.clientId() != null && caller.clientId().equals(creatorOf(subscription));
	}

	static String creatorOf(Subscription subscription) {
		return tag(subscription, Vocabulary.SUBSCRIPTION_CREATOR);
	}

	static String organisationOf(Subscription subscription) {
		return tag(subscription, Vocabulary.ODS_CODE);
	}

	private static String tag(Subscription subscription, String system) {
		return subscription.getMeta().getTag().stream().filter(tag -> system.equals(tag.getSystem()))
				.map(Coding::getCode).findFirst().orElse(null);
	}

	/** Whatever the client sent in these tags is replaced: only the server says who made a Subscription. */
	private static void stampCreator(Subscription subscription, String client, String organisation) {
		List<Coding> tags = subscription.getMeta().getTag();
		tags.removeIf(tag -> Vocabulary.SUBSCRIPTION_CREATOR.equals(tag.getSystem())
				|| Vocabulary.ODS_CODE.equals(tag.getSystem()));
		subscription.getMeta().addTag(Vocabulary.SUBSCRIPTION_CREATOR, client, "Created by client " + client);
		if (organisation != null) {
			subscription.getMeta().addTag(Vocabulary.ODS_CODE, organisation, "Acting for organisation " + organisation);
		}
	}
}
