package uk.concord.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

/**
 * The ODS code a reference names: its identifier's, when it gives an ODS identifier, else that of the Organization it
 * points at. Empty when it names no organisation with an ODS code (another kind of resource, an Organization that is
 * not stored or has no ODS code). One instance remembers what it has looked up, for one request's decisions.
 */
final class OrganisationOdsCodes implements Function<Reference, Optional<String>> {

	private final DaoRegistry daos;
	private final Map<String, Optional<Organization>> known = new HashMap<>();

	OrganisationOdsCodes(DaoRegistry daos) {
		this.daos = daos;
	}

	@Override
	public Optional<String> apply(Reference reference) {
		Optional<String> byIdentifier = CareSharingConsent.odsIdentifier(reference.getIdentifier());
		return byIdentifier.isPresent() ? byIdentifier : referenced(reference);
	}

	/** The ODS code of the Organization the reference points at, ignoring its identifier. */
	Optional<String> referenced(Reference reference) {
		return organisation(reference).flatMap(organization -> organization.getIdentifier().stream()
				.map(CareSharingConsent::odsIdentifier)
				.flatMap(Optional::stream)
				.findFirst());
	}

	/** The stored Organization a reference points at; empty for anything else. */
	Optional<Organization> organisation(Reference reference) {
		IdType id = new IdType(reference.getReference() == null ? "" : reference.getReference());
		if (!"Organization".equals(id.getResourceType()) || !id.hasIdPart() || id.isAbsolute()) {
			return Optional.empty();
		}
		return known.computeIfAbsent(id.getIdPart(), this::lookUp);
	}

	private Optional<Organization> lookUp(String id) {
		try {
			return Optional.of((Organization) daos.getResourceDao("Organization")
					.read(new IdType("Organization", id), new SystemRequestDetails()));
		} catch (BaseServerResponseException notThere) {
			return Optional.empty();
		}
	}
}
