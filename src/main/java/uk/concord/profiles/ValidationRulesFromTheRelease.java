package uk.concord.profiles;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MetadataResource;
import uk.concord.record.Vocabulary;
import uk.concord.server.WriteCheck;

/**
 * HAPI's validator reads every stored StructureDefinition, ValueSet and CodeSystem: a profile stored under UK Core's
 * URL is applied to every record that declares UK Core, and a code system stored under an external URL decides which
 * of its codes are valid. So a client that could store one would change the rules every other client's writes are
 * held to. Through the API these three types cannot be created or changed, whatever the token; they come with the
 * server's release, which installs them without a servlet request. One stored before this rule, by a client, can be
 * deleted (Concord's own stay protected by {@link ConcordDefinitionsProtected}). The CapabilityStatement says so.
 */
class ValidationRulesFromTheRelease extends WriteCheck {

	private static final Set<String> TYPES = Set.of("StructureDefinition", "ValueSet", "CodeSystem");
	private static final Set<CapabilityStatement.TypeRestfulInteraction> WRITES = Set.of(
			CapabilityStatement.TypeRestfulInteraction.CREATE,
			CapabilityStatement.TypeRestfulInteraction.UPDATE,
			CapabilityStatement.TypeRestfulInteraction.PATCH);

	@Override
	protected void check(IBaseResource resource, RequestDetails request) {
		if (request instanceof ServletRequestDetails
				&& resource instanceof MetadataResource definition && TYPES.contains(definition.fhirType())) {
			String url = definition.getUrl();
			if (url != null && url.startsWith(Vocabulary.CANONICAL_BASE)) {
				return; // ConcordDefinitionsProtected's to refuse, naming them as Concord's own
			}
			// answered with an OperationOutcome whose code is forbidden (server/ErrorResponseInterceptor)
			throw new ForbiddenOperationException(resource.fhirType() + (url == null ? "" : " " + url)
					+ " cannot be created or changed through the API: the profiles, value sets and code systems this"
					+ " server validates records against come with its release, so that no client changes the rules"
					+ " for the others");
		}
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void advertise(IBaseConformance statement) {
		for (CapabilityStatement.CapabilityStatementRestResourceComponent resource :
				((CapabilityStatement) statement).getRestFirstRep().getResource()) {
			if (TYPES.contains(resource.getType())) {
				resource.getInteraction().removeIf(interaction -> WRITES.contains(interaction.getCode()));
				resource.setConditionalCreate(false).setConditionalUpdate(false);
			}
		}
	}
}
