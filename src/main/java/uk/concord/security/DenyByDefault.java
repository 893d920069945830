package uk.concord.security;

import uk.concord.security.SmartScope.Permission;
import uk.concord.security.SmartScope.Context;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import uk.concord.security.AccessClassification.Access;
import uk.concord.security.AccessClassification.Audience;

/**
 * Refuses to {@code patient/} and {@code user/} tokens whatever {@link AccessClassification} does not list for them:
 * the interaction, the operation, a resource type only system/ tokens may use (and its records in any answer), and
 * each search criterion (its kind, modifier, chain or special name), also in
 * every entry of a batch or transaction. Runs before the scope rules, so nothing is looked up for a question that
 * may not be asked, and the refusal says what was refused without saying anything about the records.
 */
@Interceptor
class DenyByDefault {

	private final FhirContext fhir;
	private final ISearchParamRegistry searchParameters;
	private final InstanceReadRule instanceRead;

	DenyByDefault(FhirContext fhir, ISearchParamRegistry searchParameters, InstanceReadRule instanceRead) {
		this.fhir = fhir;
		this.searchParameters = searchParameters;
		this.instanceRead = instanceRead;
	}

	/** The request itself, before anything is looked up for it (search narrowing runs next, on the same hook). */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void classifyRequest(RequestDetails request) {
		serverWideNeedsEveryType(request);
		RequestShape shape = RequestShape.of(request);
		withdrawnFromEveryone(shape, request);
		restricted(request).ifPresent(audience -> check(shape, audience));
	}

	/** An operation HAPI registers but Concord withdraws is refused to every token, system/ ones included. */
	private static void withdrawnFromEveryone(RequestShape shape, RequestDetails request) {
		if (shape.operation() != null && !Caller.of(request).isInternal()) {
			AccessClassification.operation(shape.operation()).filter(Access::isWithdrawn)
					.ifPresent(access -> withdrawn("the " + shape.operation() + " operation", access));
		}
	}

	/** Nor does the CapabilityStatement offer what is withdrawn. */
	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void leaveOutWithdrawnOperations(IBaseConformance statement) {
		for (CapabilityStatement.CapabilityStatementRestComponent rest : ((CapabilityStatement) statement).getRest()) {
			rest.getOperation().removeIf(DenyByDefault::isWithdrawn);
			rest.getResource().forEach(resource -> resource.getOperation().removeIf(DenyByDefault::isWithdrawn));
		}
	}

	private static boolean isWithdrawn(CapabilityStatement.CapabilityStatementRestResourceOperationComponent operation) {
		return AccessClassification.operation(operation.getName()).map(Access::isWithdrawn).orElse(false);
	}

	/** History across the server and searches across all types count every record: system tokens reading every type. */
	private static void serverWideNeedsEveryType(RequestDetails request) {
		RestOperationTypeEnum interaction = request.getRestOperationType();
		if (interaction != RestOperationTypeEnum.HISTORY_SYSTEM && interaction != RestOperationTypeEnum.SEARCH_SYSTEM) {
			return;
		}
		Caller caller = Caller.of(request);
		boolean readsEveryType = caller.scopes().scopes().stream().anyMatch(scope -> scope.context() == Context.SYSTEM
				&& scope.isWildcard() && scope.permissions().contains(Permission.READ));
		if (!caller.isInternal() && caller.isSystem() && !readsEveryType) {
			throw refused("the " + interaction.getCode() + " interaction", "it needs a system/ scope that reads every type");
		}
	}

	/** The entries of a batch or transaction, and the record an instance operation names, once HAPI has read them. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void classifyEntriesAndInstance(RequestDetails request) {
		Optional<Audience> audience = restricted(request);
		if (audience.isEmpty()) {
			return;
		}
		RestOperationTypeEnum interaction = request.getRestOperationType();
		if ((interaction == RestOperationTypeEnum.TRANSACTION || interaction == RestOperationTypeEnum.BATCH)
				&& request.getResource() instanceof Bundle bundle) {
			bundle.getEntry().forEach(entry -> check(RequestShape.of(entry), audience.get()));
		}
		String operation = RequestShape.of(request).operation();
		if (operation != null && AccessClassification.readsTheInstance(operation)
				&& request.getId() != null && request.getId().hasIdPart()) {
			instanceRead.check(request);
		}
	}

	/**
	 * Records of a type only system/ tokens may use never reach other tokens, also where they come along with the
	 * caller's own ($everything, {@code _revinclude}): left out before authorisation sees the page.
	 */
	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -50)
	public void leaveOutSystemOnlyTypes(RequestDetails request, IPreResourceShowDetails shown) {
		if (restricted(request).isEmpty()) {
			return;
		}
		for (int i = 0; i < shown.size(); i++) {
			IBaseResource resource = shown.getResource(i);
			if (resource != null && AccessClassification.resourceType(fhir.getResourceType(resource)).isPresent()) {
				shown.setResource(i, null);
			}
		}
	}

	/** The audience of a patient/ or user/ caller; empty for those the table does not restrict. */
	private static Optional<Audience> restricted(RequestDetails request) {
		Caller caller = Caller.of(request);
		if (caller.isInternal()) {
			return Optional.empty();
		}
		// system tokens reach what their scopes grant; tokens without data scopes are refused by the scope rules
		return Audience.of(caller).filter(audience -> audience != Audience.SYSTEM);
	}

	private void check(RequestShape shape, Audience audience) {
		if (shape.interaction() == null) {
			throw refused("this request", "it is not a FHIR interaction Concord classifies");
		}
		Optional<Access> interaction = AccessClassification.interaction(shape.interaction());
		require(interaction, audience, "the " + shape.interaction().getCode() + " interaction");
		if (AccessClassification.resourceType(shape.resourceType()).isPresent()) {
			require(AccessClassification.resourceType(shape.resourceType()), audience, shape.resourceType() + " resources");
		}
		if (shape.operation() != null) {
			require(AccessClassification.operation(shape.operation()), audience, "the " + shape.operation() + " operation");
		}
		for (Map.Entry<String, String[]> criterion : shape.criteria().entrySet()) {
			checkCriterion(shape.resourceType(), criterion.getKey(), audience);
		}
	}

	/**
	 * A criterion's name: {@code name}, {@code name:modifier}, {@code name.chain...}, {@code name:Type.chain...} or
	 * {@code _has:...}. Each part must be classified for the caller.
	 */
	private void checkCriterion(String resourceType, String key, Audience audience) {
		String what = "the search parameter '" + key + "'";
		if (key.startsWith("_has:") || key.equals("_has")) {
			require(AccessClassification.searchParameter("_has", null), audience, "reverse chaining (_has)");
			return;
		}
		int dot = key.indexOf('.');
		String head = dot < 0 ? key : key.substring(0, dot);
		int colon = head.indexOf(':');
		String name = colon < 0 ? head : head.substring(0, colon);
		String modifier = colon < 0 ? null : head.substring(colon + 1);
		RuntimeSearchParam declared = resourceType == null ? null : searchParameters.getActiveSearchParam(resourceType, name);
		if (declared == null && !name.startsWith("_")) {
			// not a parameter of this type at all: HAPI answers 400 (unknown search parameter) without searching
			return;
		}
		RestSearchParameterTypeEnum kind = declared == null ? null : declared.getParamType();
		require(AccessClassification.searchParameter(name, kind), audience, what);
		if (modifier != null) {
			require(AccessClassification.modifier(modifier, fhir.getResourceTypes().contains(modifier)), audience,
					"the modifier ':" + modifier + "'");
		}
		if (dot >= 0) {
			require(Optional.of(AccessClassification.CHAIN), audience, "chaining");
			for (String link : key.substring(dot + 1).split("\\.")) {
				String linkName = link.contains(":") ? link.substring(0, link.indexOf(':')) : link;
				if (linkName.startsWith("_")) {
					require(AccessClassification.searchParameter(linkName, null), audience, what);
				}
			}
		}
	}

	private static void require(Optional<Access> access, Audience audience, String what) {
		if (access.isEmpty()) {
			throw refused(what, "it is not classified for patient/ or user/ tokens (Concord denies by default)");
		}
		if (access.get().isWithdrawn()) {
			withdrawn(what, access.get());
		}
		if (!access.get().allows(audience)) {
			throw refused(what, "only system/ tokens may use it: " + access.get().reveals());
		}
	}

	private static void withdrawn(String what, Access access) {
		throw refused(what, "this server does not offer it; " + access.reveals());
	}

	private static ForbiddenOperationException refused(String what, String why) {
		return new ForbiddenOperationException("Refused " + what + ": " + why + ".");
	}
}
