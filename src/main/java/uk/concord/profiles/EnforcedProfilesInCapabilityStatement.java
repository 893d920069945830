package uk.concord.profiles;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * States in the CapabilityStatement the profile each resource type must conform to ({@code rest.resource.profile});
 * HAPI already lists the installed profiles as {@code supportedProfile}.
 */
@Interceptor
class EnforcedProfilesInCapabilityStatement {

	private final Map<String, String> profileByResourceType;

	EnforcedProfilesInCapabilityStatement(Map<String, String> profileByResourceType) {
		this.profileByResourceType = profileByResourceType;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void declare(IBaseConformance statement) {
		for (CapabilityStatement.CapabilityStatementRestResourceComponent resource :
				((CapabilityStatement) statement).getRestFirstRep().getResource()) {
			String profile = profileByResourceType.get(resource.getType());
			if (profile != null) {
				resource.setProfile(profile);
			}
		}
	}
}
