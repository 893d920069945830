package uk.concord.passport;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import uk.concord.record.Vocabulary;

/** How the passport writes names, numbers and codes for people to read. */
final class PassportText {

	static final String NHS_NUMBER_SYSTEM = Vocabulary.NHS_NUMBER;

	private PassportText() {}

	static String name(Patient patient) {
		return patient.getName().stream()
				.filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL || n.getUse() == null)
				.findFirst()
				.or(() -> patient.getName().stream().findFirst())
				.map(PassportText::name)
				.orElse("");
	}

	static String name(HumanName name) {
		if (name.hasText()) {
			return name.getText();
		}
		StringBuilder text = new StringBuilder();
		name.getPrefix().forEach(p -> text.append(p.getValue()).append(' '));
		name.getGiven().forEach(g -> text.append(g.getValue()).append(' '));
		if (name.hasFamily()) {
			text.append(name.getFamily());
		}
		return text.toString().trim();
	}

	/** The NHS Number as the NHS prints it: 943 476 5919. */
	static String nhsNumber(Patient patient) {
		return patient.getIdentifier().stream()
				.filter(i -> NHS_NUMBER_SYSTEM.equals(i.getSystem()))
				.map(Identifier::getValue)
				.filter(v -> v != null && v.matches("\\d{10}"))
				.map(v -> v.substring(0, 3) + " " + v.substring(3, 6) + " " + v.substring(6))
				.findFirst()
				.orElse("");
	}

	/** ORPHAcodes of a concept in their usual display form, e.g. ORPHA:98896. */
	static List<String> orphaCodes(CodeableConcept concept) {
		return concept.getCoding().stream()
				.filter(c -> Vocabulary.ORPHANET_SYSTEMS.contains(c.getSystem()) && c.hasCode())
				.map(c -> "ORPHA:" + c.getCode())
				.collect(Collectors.toList());
	}

	static String text(CodeableConcept concept) {
		if (concept == null || concept.isEmpty()) {
			return "";
		}
		if (concept.hasText()) {
			return concept.getText();
		}
		return concept.getCoding().stream()
				.map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
				.filter(t -> t != null && !t.isBlank())
				.findFirst()
				.orElse("");
	}

	static String display(List<CodeableConcept> concepts) {
		return concepts.stream().map(PassportText::text).filter(t -> !t.isBlank()).collect(Collectors.joining(", "));
	}

	static boolean hasCode(List<CodeableConcept> concepts, String system, String code) {
		return concepts.stream().flatMap(c -> c.getCoding().stream()).anyMatch(c -> matches(c, system, code));
	}

	private static boolean matches(Coding coding, String system, String code) {
		return system.equals(coding.getSystem()) && code.equals(coding.getCode());
	}

	/** Each number or address, labelled with whose it is ({@code whose}) and what it is (Phone, Email, ...). */
	static List<PassportView.Phone> phones(String whose, List<ContactPoint> telecom) {
		return telecom.stream()
				.filter(ContactPoint::hasValue)
				.map(p -> new PassportView.Phone(whose, p.hasSystem() ? p.getSystem().getDisplay() : "Contact", p.getValue()))
				.collect(Collectors.toList());
	}

	static String capitalised(String text) {
		return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.UK) + text.substring(1);
	}

	static String uncapitalised(String text) {
		return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.UK) + text.substring(1);
	}

	static String esc(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}
}
