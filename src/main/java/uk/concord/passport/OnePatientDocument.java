package uk.concord.passport;

import ca.uhn.fhir.context.FhirContext;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import uk.concord.security.PatientsOf;

/**
 * A patient summary holds its patient's records only: whatever the records refer to, another patient's record (a
 * care team listed as a member of this patient's team, say) is taken out of the document and out of its sections.
 */
final class OnePatientDocument {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private OnePatientDocument() {}

	static void leaveOutOtherPatients(Bundle document) {
		Composition composition = document.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(Composition.class::isInstance)
				.map(Composition.class::cast)
				.findFirst()
				.orElse(null);
		if (composition == null || !composition.getSubject().getReferenceElement().hasIdPart()) {
			return;
		}
		String patient = "Patient/" + composition.getSubject().getReferenceElement().getIdPart();
		Set<String> removed = new HashSet<>();
		document.getEntry().removeIf(entry -> {
			Resource resource = entry.getResource();
			if (resource == null || resource instanceof Composition) {
				return false;
			}
			Set<String> owners = PatientsOf.resource(FHIR, resource);
			if (!owners.isEmpty() && !owners.contains(patient)) {
				removed.add(entry.getFullUrl());
				removed.add(resource.getIdElement().toUnqualifiedVersionless().getValue());
				return true;
			}
			return false;
		});
		if (!removed.isEmpty()) {
			composition.getSection().forEach(section -> leaveOut(section, removed));
		}
	}

	private static void leaveOut(Composition.SectionComponent section, Set<String> removed) {
		section.getEntry().removeIf((Reference reference) -> removed.contains(reference.getReference()));
		section.getSection().forEach(nested -> leaveOut(nested, removed));
	}
}
