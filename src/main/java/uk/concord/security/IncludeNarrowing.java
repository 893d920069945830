package uk.concord.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Records brought in by {@code _include} or {@code _revinclude} are narrowed like the search's own matches: those
 * the caller may not read are left out of the answer, by the same rules as a read. Without this, one unreadable
 * included record refuses the whole search (403), and whether a search is refused then tells the caller that such
 * a record exists ({@code Practitioner?_revinclude=CareTeam:participant} would say who treats other patients).
 */
@Interceptor
class IncludeNarrowing {

	private final AuthorizationInterceptor authorisation;

	IncludeNarrowing(AuthorizationInterceptor authorisation) {
		this.authorisation = authorisation;
	}

	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	public void leaveOutUnreadableIncludes(RequestDetails request, IPreResourceShowDetails details) {
		Caller caller = Caller.of(request);
		if (caller.isInternal() || caller.isSystem()) {
			return;
		}
		for (int i = 0; i < details.size(); i++) {
			IBaseResource resource = details.getResource(i);
			if (isIncluded(resource) && !readable(request, resource)) {
				details.setResource(i, null);
			}
		}
	}

	private static boolean isIncluded(IBaseResource resource) {
		return resource != null
				&& ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get(resource) == BundleEntrySearchModeEnum.INCLUDE;
	}

	private boolean readable(RequestDetails request, IBaseResource resource) {
		AuthorizationInterceptor.Verdict verdict = authorisation.applyRulesAndReturnDecision(
				RestOperationTypeEnum.READ, request, null, null, resource, Pointcut.STORAGE_PRESHOW_RESOURCES);
		return verdict != null && verdict.getDecision() == PolicyEnum.ALLOW;
	}
}
