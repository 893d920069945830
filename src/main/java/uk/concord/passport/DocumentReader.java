package uk.concord.passport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Finds a {@code $summary} document's sections and resolves its references to the resources it carries. */
final class DocumentReader {

	private final Bundle document;
	private final Map<String, Resource> byReference = new HashMap<>();
	private final Composition composition;

	DocumentReader(Bundle document) {
		this.document = document;
		for (Bundle.BundleEntryComponent entry : document.getEntry()) {
			Resource resource = entry.getResource();
			if (resource == null) {
				continue;
			}
			if (entry.hasFullUrl()) {
				byReference.put(entry.getFullUrl(), resource);
			}
			if (resource.getIdElement().hasIdPart()) {
				byReference.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
			}
		}
		this.composition = document.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(Composition.class::isInstance)
				.map(Composition.class::cast)
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("The document has no Composition"));
	}

	Bundle document() {
		return document;
	}

	Composition composition() {
		return composition;
	}

	/** The resources of type {@code type} listed in the section with code {@code sectionCode}, in order. */
	<T extends Resource> List<T> entries(String sectionCode, Class<T> type) {
		return composition.getSection().stream()
				.filter(s -> s.getCode().getCoding().stream().anyMatch(c -> sectionCode.equals(c.getCode())))
				.flatMap(s -> s.getEntry().stream())
				.map(r -> resolve(r, type))
				.flatMap(Optional::stream)
				.collect(Collectors.toList());
	}

	<T extends Resource> Optional<T> resolve(Reference reference, Class<T> type) {
		if (reference == null || !reference.hasReference()) {
			return Optional.empty();
		}
		String ref = reference.getReference();
		Resource resource = byReference.get(ref);
		if (resource == null && ref.contains("/") && !ref.startsWith("urn:")) {
			// absolute and versioned references (http://host/fhir/Condition/x/_history/1) name Condition/x
			resource = byReference.get(new IdType(ref).toUnqualifiedVersionless().getValue());
		}
		return type.isInstance(resource) ? Optional.of(type.cast(resource)) : Optional.empty();
	}
}
