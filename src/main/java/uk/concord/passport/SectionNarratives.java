package uk.concord.passport;

import static uk.concord.passport.PassportText.esc;

import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Human-readable text for the Composition and each of its sections (escaped XHTML lists of the entries). */
final class SectionNarratives {

	private SectionNarratives() {}

	static void write(Bundle document) {
		Map<String, Resource> byId = new HashMap<>();
		Composition composition = null;
		for (Bundle.BundleEntryComponent entry : document.getEntry()) {
			Resource r = entry.getResource();
			if (r == null) {
				continue;
			}
			if (entry.hasFullUrl()) {
				byId.put(entry.getFullUrl(), r);
			}
			byId.put(r.getIdElement().toUnqualifiedVersionless().getValue(), r);
			if (r instanceof Composition c && composition == null) {
				composition = c;
			}
		}
		if (composition == null) {
			return;
		}
		for (Composition.SectionComponent section : composition.getSection()) {
			StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>");
			for (Reference entry : section.getEntry()) {
				div.append("<li>").append(esc(describe(resolve(byId, entry.getReference())))).append("</li>");
			}
			div.append("</ul></div>");
			section.setText(narrative(div.toString()));
		}
		Resource subject = resolve(byId, composition.getSubject().getReference());
		String name = subject instanceof Patient p ? PassportText.name(p) : "";
		String nhs = subject instanceof Patient p ? PassportText.nhsNumber(p) : "";
		composition.setText(narrative(
				"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + esc(composition.getTitle()) + "</p><p>"
						+ esc(name) + (nhs.isBlank() ? "" : ", NHS Number " + esc(nhs)) + "</p></div>"));
	}

	private static Resource resolve(Map<String, Resource> byId, String reference) {
		if (reference == null) {
			return null;
		}
		Resource resource = byId.get(reference);
		return resource != null || reference.startsWith("urn:")
				? resource
				: byId.get(new IdType(reference).toUnqualifiedVersionless().getValue());
	}

	private static Narrative narrative(String xhtml) {
		Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
		narrative.setDivAsString(xhtml);
		return narrative;
	}

	static String describe(Resource resource) {
		if (resource instanceof Condition c) {
			String orpha = String.join(", ", PassportText.orphaCodes(c.getCode()));
			return PassportText.text(c.getCode()) + (orpha.isEmpty() ? "" : " (" + orpha + ")");
		}
		if (resource instanceof Flag f) {
			return PassportText.text(f.getCode());
		}
		if (resource instanceof CarePlan p) {
			return (p.hasTitle() ? p.getTitle() + ": " : "") + (p.hasDescription() ? p.getDescription() : "");
		}
		if (resource instanceof CareTeam t) {
			return t.hasName() ? t.getName() : "Care team";
		}
		if (resource instanceof DocumentReference d) {
			return d.hasDescription() ? d.getDescription() : PassportText.text(d.getType());
		}
		if (resource instanceof AllergyIntolerance a) {
			return PassportText.text(a.getCode());
		}
		if (resource instanceof MedicationStatement m && m.hasMedicationCodeableConcept()) {
			return PassportText.text(m.getMedicationCodeableConcept());
		}
		return resource == null ? "" : resource.fhirType();
	}
}
