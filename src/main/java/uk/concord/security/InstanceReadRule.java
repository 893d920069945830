package uk.concord.security;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * An instance operation that answers about the record it names ({@code Patient/x/$validate}) may only be asked by a
 * caller who may read that record: the same scope, compartment and consent decision as a read. A record the caller
 * cannot read answers exactly as one that does not exist, so the operation tells nothing about it, not even that it
 * is there.
 */
class InstanceReadRule {

	private final DaoRegistry daos;
	private final AuthorizationInterceptor authorisation;
	private final CareSharingConsentService consent;

	InstanceReadRule(DaoRegistry daos, AuthorizationInterceptor authorisation, CareSharingConsentService consent) {
		this.daos = daos;
		this.authorisation = authorisation;
		this.consent = consent;
	}

	void check(RequestDetails request) {
		IIdType id = request.getId().toUnqualifiedVersionless();
		String type = request.getResourceName();
		IBaseResource record;
		try {
			record = daos.getResourceDao(type).read(id.withResourceType(type), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException absent) {
			throw notKnown(type, id);
		}
		AuthorizationInterceptor.Verdict verdict = authorisation.applyRulesAndReturnDecision(
				RestOperationTypeEnum.READ, request, null, null, record, Pointcut.STORAGE_PRESHOW_RESOURCES);
		boolean readable = verdict != null && verdict.getDecision() == PolicyEnum.ALLOW;
		if (!readable || consentRejects(request, record)) {
			throw notKnown(type, id);
		}
	}

	private boolean consentRejects(RequestDetails request, IBaseResource record) {
		return CareSharingConsentService.appliesTo(Caller.of(request), request)
				&& consent.denies(request, record);
	}

	private static ResourceNotFoundException notKnown(String type, IIdType id) {
		return new ResourceNotFoundException("Resource " + type + "/" + id.getIdPart() + " is not known");
	}
}
