package uk.concord.passport;

import java.time.ZoneId;
import java.util.ArrayList;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import uk.concord.record.Vocabulary;

/**
 * What the passport template shows, taken from the {@code $summary} document and the family's {@code RelatedPerson}
 * search: each section's entries once (the same text shown twice is one entry), and every phone number with whose
 * it is.
 */
public record PassportView(
		String title, String name, String nhsNumber, String birthDate, String correctAsOf, List<Phone> phones,
		List<String> alerts, List<Item> allergies, List<Item> medications, List<Item> conditions,
		List<Plan> emergencyPlans, Team careTeam, List<Person> family, List<Plan> carePlans,
		List<Doc> documents, String author, String documentId) {

	static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK);
	private static final ZoneId UK = ZoneId.of("Europe/London");
	private static final String ALLERGIES = "48765-2";
	private static final String MEDICATIONS = "10160-0";
	private static final String PROBLEMS = "11450-4";
	private static final String PLAN_OF_CARE = "18776-5";

	/** A phone number (or e-mail) and whose it is, e.g. "Mother (Claire Bennett)". */
	public record Phone(String whose, String kind, String value) {}

	/** Someone to contact: name, relationship or role, organisation and their numbers. */
	public record Person(String name, String role, String organisation, List<Phone> phones) {}

	/** An allergy, medicine or condition: what it is, its codes and the details beside it. */
	public record Item(String text, List<String> codes, boolean rare, List<String> details) {}

	public record Plan(String title, String meta, String description, List<String> steps, List<String> notes) {}

	public record Doc(String title, String date, String url, String linkTitle) {}

	/** The care teams' names and numbers, who coordinates care, and everyone else in the teams. */
	public record Team(List<String> names, List<Phone> phones, List<Person> coordinators, List<Person> members) {}

	static PassportView of(Bundle summary, List<RelatedPerson> relatedPeople) {
		DocumentReader document = new DocumentReader(summary);
		Composition composition = document.composition();
		Patient patient = document.resolve(composition.getSubject(), Patient.class).orElseGet(Patient::new);
		String name = PassportText.name(patient);
		return new PassportView(
				composition.getTitle(),
				name,
				PassportText.nhsNumber(patient),
				patient.hasBirthDate() ? date(patient.getBirthDateElement()) : "",
				composition.hasDate() ? DATE_TIME.format(composition.getDate().toInstant().atZone(UK)) : "",
				PassportText.phones(name, patient.getTelecom()),
				once(document.entries(ConcordIpsGenerationStrategy.SECTION_CODE_ALERTS, Flag.class).stream()
						.map(f -> PassportText.text(f.getCode())), Function.identity()),
				once(document.entries(ALLERGIES, AllergyIntolerance.class).stream()
						.filter(a -> !placeholder(a.getCode())).map(PassportView::allergy), Item::text),
				once(medications(document), Item::text),
				once(document.entries(PROBLEMS, Condition.class).stream()
						.filter(c -> !placeholder(c.getCode())).map(PassportView::condition), Item::text),
				once(document.entries(ConcordIpsGenerationStrategy.SECTION_CODE_EMERGENCY_CARE_PLAN, CarePlan.class)
						.stream().map(PassportView::plan), Plan::title),
				CareTeamContacts.of(document),
				once(relatedPeople.stream().filter(p -> !p.hasActive() || p.getActive()).map(PassportView::relative),
						p -> p.name() + "|" + p.role()),
				once(document.entries(PLAN_OF_CARE, CarePlan.class).stream()
						.filter(p -> !ConcordIpsGenerationStrategy.isEmergencyCarePlan(p)).map(PassportView::plan),
						Plan::title),
				once(document.entries(ConcordIpsGenerationStrategy.SECTION_CODE_KEY_DOCUMENTS, DocumentReference.class)
						.stream().map(PassportView::doc), Doc::title),
				author(document),
				summary.getIdentifier().getValue());
	}

	/** Each entry once: the first of those that would show the same words. */
	private static <T> List<T> once(Stream<T> entries, Function<T, String> shown) {
		Map<String, T> first = new LinkedHashMap<>();
		entries.filter(e -> !shown.apply(e).isBlank())
				.forEach(e -> first.putIfAbsent(shown.apply(e).trim().toLowerCase(Locale.UK), e));
		return List.copyOf(first.values());
	}

	private static boolean placeholder(CodeableConcept code) {
		return code.getCoding().stream().anyMatch(c -> Vocabulary.IPS_ABSENT_UNKNOWN.equals(c.getSystem()));
	}

	private static Item allergy(AllergyIntolerance allergy) {
		List<String> details = new ArrayList<>();
		if (allergy.getCriticality() == AllergyIntolerance.AllergyIntoleranceCriticality.HIGH) {
			details.add("High risk");
		}
		allergy.getReaction().forEach(r -> {
			String reaction = PassportText.display(r.getManifestation());
			if (!reaction.isBlank()) {
				details.add("Reaction: " + reaction);
			}
		});
		allergy.getNote().stream().map(Annotation::getText).forEach(details::add);
		return new Item(PassportText.text(allergy.getCode()), List.of(), false, details);
	}

	private static Stream<Item> medications(DocumentReader document) {
		Stream<Item> statements = document.entries(MEDICATIONS, MedicationStatement.class).stream()
				.map(s -> medicine(document, s.getMedication(), s.getDosage()));
		Stream<Item> requests = document.entries(MEDICATIONS, MedicationRequest.class).stream()
				.map(r -> medicine(document, r.getMedication(), r.getDosageInstruction()));
		return Stream.concat(statements, requests).filter(i -> i != null);
	}

	private static Item medicine(DocumentReader document, org.hl7.fhir.r4.model.Type medication, List<Dosage> dosage) {
		CodeableConcept code = medication instanceof Reference reference
				? document.resolve(reference, Medication.class).map(Medication::getCode).orElse(new CodeableConcept())
				: medication instanceof CodeableConcept concept ? concept : new CodeableConcept();
		if (placeholder(code)) {
			return null;
		}
		List<String> details = dosage.stream().map(Dosage::getText).filter(t -> t != null && !t.isBlank()).toList();
		return new Item(PassportText.text(code), List.of(), false, details);
	}

	private static Item condition(Condition condition) {
		List<String> orpha = PassportText.orphaCodes(condition.getCode());
		return new Item(PassportText.text(condition.getCode()), orpha, !orpha.isEmpty(),
				condition.getNote().stream().map(Annotation::getText).toList());
	}

	private static Plan plan(CarePlan plan) {
		String meta = PassportText.display(plan.getCategory());
		String period = period(plan.getPeriod());
		return new Plan(plan.getTitle() == null ? "" : plan.getTitle(),
				period.isBlank() ? meta : meta + " · " + period,
				plan.getDescription(),
				plan.getActivity().stream().map(a -> a.getDetail().getDescription())
						.filter(d -> d != null && !d.isBlank()).distinct().toList(),
				plan.getNote().stream().map(Annotation::getText).filter(t -> t != null && !t.isBlank()).toList());
	}

	private static Person relative(RelatedPerson person) {
		String name = person.getName().stream().findFirst().map(PassportText::name).orElse("");
		String relationship = PassportText.capitalised(PassportText.display(person.getRelationship()));
		String whose = relationship.isBlank() ? name : relationship + " (" + name + ")";
		return new Person(name, relationship, "", PassportText.phones(whose, person.getTelecom()));
	}

	private static Doc doc(DocumentReference doc) {
		String title = doc.hasDescription() ? doc.getDescription() : PassportText.text(doc.getType());
		String url = null;
		String linkTitle = null;
		for (DocumentReference.DocumentReferenceContentComponent content : doc.getContent()) {
			Attachment attachment = content.getAttachment();
			if (url == null && attachment.getUrl() != null && attachment.getUrl().startsWith("https://")) {
				url = attachment.getUrl();
				linkTitle = attachment.hasTitle() ? attachment.getTitle() : url;
			} else if (linkTitle == null && attachment.hasTitle()) {
				linkTitle = attachment.getTitle();
			}
		}
		return new Doc(title, doc.hasDate() ? date(doc.getDateElement()) : "", url, linkTitle);
	}

	private static String author(DocumentReader document) {
		return document.composition().getAuthor().stream()
				.map(a -> document.resolve(a, Device.class)
						.map(d -> d.getDeviceName().stream().map(Device.DeviceDeviceNameComponent::getName).findFirst().orElse(""))
						.orElse(a.getDisplay()))
				.filter(a -> a != null && !a.isBlank())
				.collect(Collectors.joining(", "));
	}

	private static String period(Period period) {
		if (period == null || !period.hasStart()) {
			return "";
		}
		String text = "from " + date(period.getStartElement());
		return period.hasEnd() ? text + " to " + date(period.getEndElement()) : text;
	}

	/** The day as written in the record (a birth date is a day, not an instant to move between time zones). */
	static String date(BaseDateTimeType date) {
		return DATE.format(date.getValueAsCalendar().toZonedDateTime());
	}
}
