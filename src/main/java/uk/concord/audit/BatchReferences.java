package uk.concord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.util.FhirTerser;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * The stored resources a batch of audit records names, looked up in one query. HAPI resolves each reference of each
 * record it stores with a query of its own (with deletes enabled it caches none of them), which was 82 % of the audit
 * writer's time in the benchmark's profile; references it finds already resolved in the write's
 * {@link TransactionDetails} it takes from there. A reference not found here is left to HAPI, which then refuses it
 * as before. Every reference a record holds is looked for, whatever BALP puts in it.
 */
final class BatchReferences {

	private final IIdHelperService<?> ids;
	private final FhirTerser terser;

	BatchReferences(IIdHelperService<?> ids, FhirContext fhir) {
		this.ids = ids;
		this.terser = fhir.newTerser();
	}

	/** Transaction details holding the resolved references of these records; to be called in the batch's transaction. */
	TransactionDetails resolved(List<AuditEvent> records) {
		Set<IIdType> named = new LinkedHashSet<>();
		records.stream()
				.flatMap(record -> terser.getAllPopulatedChildElementsOfType(record, Reference.class).stream())
				.filter(reference -> reference.hasReference() && !reference.getReference().startsWith("#"))
				.map(reference -> new IdType(reference.getReference()))
				.filter(id -> id.hasResourceType() && id.hasIdPart() && !id.isAbsolute())
				.forEach(id -> named.add(id.toUnqualifiedVersionless()));
		TransactionDetails details = new TransactionDetails();
		if (!named.isEmpty()) {
			ids.resolveResourceIdentities(RequestPartitionId.allPartitions(), named,
							ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled())
					.forEach((id, found) -> details.addResolvedResourceId(id, found.getPersistentId()));
		}
		return details;
	}
}
