package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Whose record a resource belongs to: a Patient itself, or the owners of the Patient compartments it is in. */
public final class PatientsOf {

	private PatientsOf() {}

	/** {@code Patient/x} references; empty for resources outside every patient's record. */
	public static Set<String> resource(FhirContext fhir, IBaseResource resource) {
		if ("Patient".equals(fhir.getResourceType(resource))) {
			return resource.getIdElement().hasIdPart()
					? Set.of("Patient/" + resource.getIdElement().getIdPart())
					: Set.of();
		}
		return fhir.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.<String>of()).stream()
				.filter(owner -> "Patient".equals(owner.getResourceType()) && owner.hasIdPart())
				.map(owner -> "Patient/" + owner.getIdPart())
				.collect(Collectors.toSet());
	}
}
