package uk.concord.identity;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.dao.data.IResourceLinkDao;
import ca.uhn.fhir.model.primitive.IdDt;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.concord.record.Vocabulary;

/**
 * Merges two records of one person: every reference to the duplicate moves to the record kept, identifiers the kept
 * record lacks are added to it (marked {@code old}), and the duplicate is deleted; all in one database transaction.
 *
 * <p>Concord's own, rather than HAPI's {@code $merge}, because HAPI's moves every reference, audit records included,
 * and audit records are never changed (audit/): here they stay as written, naming the duplicate. Two different NHS
 * Numbers are not merged: one of them is wrong, or the records are of two people.
 */
class PatientMerge {

	private static final String AUDIT_EVENT = "AuditEvent";

	private final FhirContext fhir;
	private final DaoRegistry daos;
	private final IResourceLinkDao links;
	private final TransactionTemplate transactions;

	PatientMerge(FhirContext fhir, DaoRegistry daos, IResourceLinkDao links, PlatformTransactionManager transactions) {
		this.fhir = fhir;
		this.daos = daos;
		this.links = links;
		this.transactions = new TransactionTemplate(transactions);
	}

	/** What a merge did. */
	record Outcome(int referencesMoved, List<String> changedResources) {}

	/**
	 * @param request the caller's request: the changes are made as the caller, so each is checked, validated and
	 *                audited as any other write is
	 */
	Outcome merge(String duplicateId, String keptId, RequestDetails request) {
		if (duplicateId.equals(keptId)) {
			throw new UnprocessableEntityException("source-patient and target-patient are the same record");
		}
		Patient duplicate = daos.getResourceDao(Patient.class).read(new IdDt("Patient", duplicateId), system());
		Patient kept = daos.getResourceDao(Patient.class).read(new IdDt("Patient", keptId), system());
		String from = "Patient/" + duplicateId;
		String to = "Patient/" + keptId;

		Bundle changes = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		int moved = 0;
		for (IIdType referrer : referrers(duplicateId)) {
			boolean isKept = referrer.getResourceType().equals("Patient") && referrer.getIdPart().equals(keptId);
			if (AUDIT_EVENT.equals(referrer.getResourceType()) || isKept
					|| (referrer.getResourceType().equals("Patient") && referrer.getIdPart().equals(duplicateId))) {
				continue;
			}
			Resource resource = (Resource) daos.getResourceDao(referrer.getResourceType()).read(referrer, system());
			int here = repoint(resource, from, to);
			if (here > 0) {
				moved += here;
				put(changes, resource);
			}
		}
		moved += repoint(kept, from, to);
		addMissingIdentifiers(duplicate, kept);
		put(changes, kept);
		changes.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(from);

		@SuppressWarnings("unchecked")
		IFhirSystemDao<Bundle, Meta> systemDao = daos.getSystemDao();
		Bundle response = systemDao.transaction(request, changes);
		List<String> changed = response.getEntry().stream()
				.map(e -> e.getResponse().getLocation())
				.filter(Objects::nonNull)
				.map(location -> new IdDt(location).toUnqualifiedVersionless().getValue())
				.toList();
		return new Outcome(moved, changed);
	}

	/** Resources that refer to the patient, from HAPI's reference index. */
	private List<IIdType> referrers(String patientId) {
		return transactions.execute(status -> links.streamSourceIdsForTargetFhirId("Patient", patientId)
				.map(id -> (IIdType) id.toUnqualifiedVersionless())
				.distinct()
				.toList());
	}

	private int repoint(Resource resource, String from, String to) {
		int count = 0;
		for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
			if (reference.hasReference() && from.equals(
					reference.getReferenceElement().toUnqualifiedVersionless().getValue())) {
				reference.setReference(to);
				count++;
			}
		}
		return count;
	}

	/** The duplicate's identifiers the kept record lacks, marked old; a different NHS Number is refused. */
	private static void addMissingIdentifiers(Patient duplicate, Patient kept) {
		for (Identifier identifier : duplicate.getIdentifier()) {
			boolean known = kept.getIdentifier().stream().anyMatch(i ->
					Objects.equals(i.getSystem(), identifier.getSystem()) && Objects.equals(i.getValue(), identifier.getValue()));
			if (known) {
				continue;
			}
			if (Vocabulary.NHS_NUMBER.equals(identifier.getSystem())) {
				if (kept.getIdentifier().stream().anyMatch(i -> Vocabulary.NHS_NUMBER.equals(i.getSystem()))) {
					throw new UnprocessableEntityException("The two records have different NHS Numbers: either one"
							+ " is wrong (correct it first) or they are records of two people; nothing was merged.");
				}
				// the kept record had no NHS Number (registered while it was traced): it takes the duplicate's
				kept.addIdentifier(identifier.copy());
				kept.getExtension().removeIf(e -> e.getUrl().endsWith("/nhs-number-unavailable-reason"));
				continue;
			}
			kept.addIdentifier(identifier.copy().setUse(Identifier.IdentifierUse.OLD));
		}
	}

	private static void put(Bundle bundle, Resource resource) {
		IIdType id = resource.getIdElement();
		Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(resource);
		entry.getRequest().setMethod(Bundle.HTTPVerb.PUT)
				.setUrl(id.getResourceType() + "/" + id.getIdPart())
				// nobody else's change in between is overwritten
				.setIfMatch("W/\"" + id.getVersionIdPart() + "\"");
	}

	private static SystemRequestDetails system() {
		return new SystemRequestDetails();
	}
}
