package uk.concord.passport;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import uk.concord.profiles.CurrentPeriod;

/**
 * The health passport as one self-contained, printable HTML page, rendered from the {@code $summary} document
 * Bundle. Everything taken from the record is escaped; the page has no scripts and no external resources.
 */
final class PassportPage {

	static final String CARE_TEAM_ROLE_SYSTEM = "https://fhir.concord.org.uk/CodeSystem/care-team-role";
	static final String COORDINATOR_ROLE = "care-coordinator";
	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

	private final Bundle document;
	private final Map<String, Resource> byReference = new HashMap<>();
	private final Composition composition;
	private final StringBuilder html = new StringBuilder(16_384);

	private PassportPage(Bundle document) {
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
				byReference.put(resource.getIdElement().toUnqualifiedVersionless().getValue(), resource);
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

	static String render(Bundle document) {
		return new PassportPage(document).render();
	}

	private String render() {
		Patient patient = resolve(composition.getSubject(), Patient.class).orElseGet(Patient::new);
		String name = PassportText.name(patient);
		html.append("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
				.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
				.append("<title>").append(esc(composition.getTitle())).append("</title><style>").append(CSS)
				.append("</style></head><body><main>");

		html.append("<header><p class=\"kicker\">Health passport</p><h1>").append(esc(name)).append("</h1><dl class=\"ids\">");
		field("NHS Number", PassportText.nhsNumber(patient), "nhs-number");
		if (patient.hasBirthDate()) {
			field("Date of birth", DATE.format(patient.getBirthDateElement().getValueAsCalendar().toZonedDateTime()), null);
		}
		patient.getTelecom().stream().findFirst().ifPresent(t -> field("Phone", t.getValue(), null));
		html.append("</dl></header>");

		alerts();
		conditions();
		emergencyPlans();
		careTeams();
		carePlans();
		documents();
		footer();
		html.append("</main></body></html>\n");
		return html.toString();
	}

	private void alerts() {
		List<Flag> flags = entries("104605-1", Flag.class);
		if (flags.isEmpty()) {
			return;
		}
		html.append("<section class=\"alert\" id=\"alerts\"><h2>Alert</h2>");
		for (Flag flag : flags) {
			html.append("<p class=\"alert-text\">").append(esc(PassportText.text(flag.getCode()))).append("</p>");
		}
		html.append("</section>");
	}

	private void conditions() {
		List<Condition> conditions = entries("11450-4", Condition.class);
		html.append("<section id=\"conditions\"><h2>Condition</h2>");
		if (conditions.isEmpty()) {
			html.append("<p>No condition recorded.</p>");
		}
		html.append("<ul class=\"conditions\">");
		for (Condition condition : conditions) {
			// IPS's "no known problems" placeholder carries no real condition
			List<String> orpha = PassportText.orphaCodes(condition.getCode());
			html.append("<li><strong>").append(esc(PassportText.text(condition.getCode()))).append("</strong>");
			for (String code : orpha) {
				html.append(" <span class=\"code\">").append(esc(code)).append("</span>");
			}
			if (!orpha.isEmpty()) {
				html.append(" <span class=\"tag\">rare condition</span>");
			}
			condition.getNote().forEach(n -> html.append("<br><span class=\"note\">").append(esc(n.getText())).append("</span>"));
			html.append("</li>");
		}
		html.append("</ul></section>");
	}

	private void emergencyPlans() {
		List<CarePlan> plans = entries(ConcordIpsGenerationStrategy.SECTION_CODE_EMERGENCY_CARE_PLAN, CarePlan.class);
		if (plans.isEmpty()) {
			return;
		}
		for (CarePlan plan : plans) {
			html.append("<section class=\"emergency\" id=\"emergency-care-plan\"><h2>In an emergency</h2>");
			html.append("<h3>").append(esc(plan.getTitle())).append("</h3>");
			html.append("<p class=\"instructions\">").append(esc(plan.getDescription())).append("</p>");
			activities(plan);
			html.append("</section>");
		}
	}

	private void activities(CarePlan plan) {
		List<String> steps = plan.getActivity().stream()
				.map(a -> a.getDetail().getDescription())
				.filter(d -> d != null && !d.isBlank())
				.collect(Collectors.toList());
		if (!steps.isEmpty()) {
			html.append("<ul>");
			steps.forEach(s -> html.append("<li>").append(esc(s)).append("</li>"));
			html.append("</ul>");
		}
	}

	private void careTeams() {
		for (CareTeam team : entries("85847-2", CareTeam.class)) {
			List<CareTeam.CareTeamParticipantComponent> coordinators = new ArrayList<>();
			List<CareTeam.CareTeamParticipantComponent> others = new ArrayList<>();
			for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
				// Former and future members (a coordinator who handed over, or takes over tomorrow) are not who to
				// call now.
				if (!CurrentPeriod.isCurrent(participant.getPeriod(), java.time.LocalDate.now())) {
					continue;
				}
				if (participant.getMember().getReference() != null
						&& participant.getMember().getReference().equals(composition.getSubject().getReference())) {
					continue;
				}
				if (PassportText.hasCode(participant.getRole(), CARE_TEAM_ROLE_SYSTEM, COORDINATOR_ROLE)) {
					coordinators.add(participant);
				} else if (!PassportText.hasCode(participant.getRole(), CARE_TEAM_ROLE_SYSTEM, "patient")) {
					others.add(participant);
				}
			}
			html.append("<section class=\"coordinator\" id=\"care-coordinator\"><h2>Care coordinator</h2>");
			if (coordinators.isEmpty()) {
				html.append("<p>No care coordinator is recorded.</p>");
			}
			for (CareTeam.CareTeamParticipantComponent coordinator : coordinators) {
				html.append("<p class=\"person\">").append(esc(memberName(coordinator.getMember()))).append("</p>");
				String org = organisation(coordinator);
				if (!org.isBlank()) {
					html.append("<p>").append(esc(org)).append("</p>");
				}
				contacts(memberTelecom(coordinator.getMember()));
			}
			html.append("</section>");

			html.append("<section id=\"care-team\"><h2>Care team</h2>");
			if (team.hasName()) {
				html.append("<p>").append(esc(team.getName())).append("</p>");
			}
			contacts(team.getTelecom());
			html.append("<table><thead><tr><th>Role</th><th>Name</th><th>Organisation</th><th>Contact</th></tr></thead><tbody>");
			for (CareTeam.CareTeamParticipantComponent member : others) {
				html.append("<tr><td>").append(esc(PassportText.display(member.getRole())))
						.append("</td><td>").append(esc(memberName(member.getMember())))
						.append("</td><td>").append(esc(organisation(member)))
						.append("</td><td>").append(esc(memberTelecom(member.getMember()).stream()
								.map(ContactPoint::getValue).collect(Collectors.joining(", "))))
						.append("</td></tr>");
			}
			html.append("</tbody></table></section>");
		}
	}

	private void carePlans() {
		List<CarePlan> plans = entries("18776-5", CarePlan.class).stream()
				.filter(p -> !ConcordIpsGenerationStrategy.isEmergencyCarePlan(p))
				.collect(Collectors.toList());
		if (plans.isEmpty()) {
			return;
		}
		html.append("<section id=\"care-plans\"><h2>Care plans</h2>");
		for (CarePlan plan : plans) {
			html.append("<article><h3>").append(esc(plan.getTitle())).append("</h3>");
			html.append("<p class=\"meta\">").append(esc(PassportText.display(plan.getCategory())));
			String period = period(plan.getPeriod());
			if (!period.isBlank()) {
				html.append(" · ").append(esc(period));
			}
			html.append("</p><p>").append(esc(plan.getDescription())).append("</p>");
			activities(plan);
			html.append("</article>");
		}
		html.append("</section>");
	}

	private void documents() {
		List<DocumentReference> documents = entries(ConcordIpsGenerationStrategy.SECTION_CODE_KEY_DOCUMENTS, DocumentReference.class);
		if (documents.isEmpty()) {
			return;
		}
		html.append("<section id=\"documents\"><h2>Key documents</h2><ul>");
		for (DocumentReference doc : documents) {
			html.append("<li><strong>").append(esc(doc.hasDescription() ? doc.getDescription() : PassportText.text(doc.getType())))
					.append("</strong>");
			if (doc.hasDate()) {
				html.append(" <span class=\"meta\">").append(esc(DATE.format(doc.getDateElement().getValueAsCalendar().toZonedDateTime()))).append("</span>");
			}
			for (DocumentReference.DocumentReferenceContentComponent content : doc.getContent()) {
				Attachment attachment = content.getAttachment();
				String url = attachment.getUrl();
				if (url != null && url.startsWith("https://")) {
					html.append("<br><a href=\"").append(esc(url)).append("\">")
							.append(esc(attachment.hasTitle() ? attachment.getTitle() : url)).append("</a>");
				} else if (attachment.hasTitle()) {
					html.append("<br><span class=\"meta\">").append(esc(attachment.getTitle())).append("</span>");
				}
			}
			html.append("</li>");
		}
		html.append("</ul></section>");
	}

	private void footer() {
		String author = composition.getAuthor().stream()
				.map(a -> resolve(a, Device.class)
						.map(d -> d.getDeviceName().stream().map(Device.DeviceDeviceNameComponent::getName).findFirst().orElse(""))
						.orElse(a.getDisplay()))
				.filter(a -> a != null && !a.isBlank())
				.collect(Collectors.joining(", "));
		html.append("<footer><p>").append(esc(composition.getTitle())).append(". Produced by ").append(esc(author));
		if (composition.hasDate()) {
			html.append(" on ").append(esc(DATE.format(composition.getDateElement().getValueAsCalendar().toZonedDateTime())));
		}
		html.append(" from the shared care record. Document ")
				.append(esc(document.getIdentifier().getValue())).append(".</p></footer>");
	}

	private void field(String label, String value, String id) {
		if (value == null || value.isBlank()) {
			return;
		}
		html.append("<div><dt>").append(esc(label)).append("</dt><dd").append(id == null ? "" : " id=\"" + id + "\"")
				.append(">").append(esc(value)).append("</dd></div>");
	}

	private void contacts(List<ContactPoint> telecom) {
		if (telecom.isEmpty()) {
			return;
		}
		html.append("<ul class=\"contacts\">");
		for (ContactPoint point : telecom) {
			html.append("<li>").append(esc(PassportText.contact(point))).append("</li>");
		}
		html.append("</ul>");
	}

	private String memberName(Reference member) {
		Optional<Resource> resource = resolve(member, Resource.class);
		String name = resource.map(r -> {
			if (r instanceof Practitioner p) {
				return p.getName().stream().findFirst().map(PassportText::name).orElse("");
			}
			if (r instanceof RelatedPerson p) {
				return p.getName().stream().findFirst().map(PassportText::name).orElse("");
			}
			if (r instanceof Organization o) {
				return o.getName();
			}
			if (r instanceof Patient p) {
				return PassportText.name(p);
			}
			return "";
		}).orElse("");
		return name == null || name.isBlank() ? (member.hasDisplay() ? member.getDisplay() : "") : name;
	}

	private List<ContactPoint> memberTelecom(Reference member) {
		return resolve(member, Resource.class).map(r -> {
			if (r instanceof Practitioner p) {
				return p.getTelecom();
			}
			if (r instanceof RelatedPerson p) {
				return p.getTelecom();
			}
			if (r instanceof Organization o) {
				return o.getTelecom();
			}
			return List.<ContactPoint>of();
		}).orElse(List.of());
	}

	private String organisation(CareTeam.CareTeamParticipantComponent participant) {
		Reference org = participant.getOnBehalfOf();
		if (org.isEmpty()) {
			return "";
		}
		String name = resolve(org, Organization.class).map(Organization::getName).orElse(null);
		if (name != null) {
			return name;
		}
		if (org.hasDisplay()) {
			return org.getDisplay();
		}
		return org.hasIdentifier() ? "ODS " + org.getIdentifier().getValue() : "";
	}

	private static String period(Period period) {
		if (period == null || !period.hasStart()) {
			return "";
		}
		String text = "from " + DATE.format(period.getStartElement().getValueAsCalendar().toZonedDateTime());
		if (period.hasEnd()) {
			text += " to " + DATE.format(period.getEndElement().getValueAsCalendar().toZonedDateTime());
		}
		return text;
	}

	private <T extends Resource> List<T> entries(String sectionCode, Class<T> type) {
		return composition.getSection().stream()
				.filter(s -> s.getCode().getCoding().stream().anyMatch(c -> sectionCode.equals(c.getCode())))
				.flatMap(s -> s.getEntry().stream())
				.map(r -> resolve(r, type))
				.flatMap(Optional::stream)
				.collect(Collectors.toList());
	}

	private <T extends Resource> Optional<T> resolve(Reference reference, Class<T> type) {
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

	private static final String CSS = """
			:root{--ink:#1d2731;--muted:#55606b;--line:#c9d1d9;--accent:#005eb8;--warn:#d5281b;--warnbg:#fde8e6;--em:#ffeb3b}
			*{box-sizing:border-box}
			body{margin:0;background:#f0f4f5;color:var(--ink);font:16px/1.45 Arial,Helvetica,sans-serif}
			main{max-width:820px;margin:0 auto;background:#fff;padding:24px 28px}
			header{border-bottom:4px solid var(--accent);padding-bottom:8px;margin-bottom:12px}
			.kicker{margin:0;color:var(--accent);font-weight:bold;text-transform:uppercase;letter-spacing:.06em;font-size:13px}
			h1{margin:2px 0 8px;font-size:30px}
			h2{font-size:19px;margin:0 0 8px;color:var(--accent)}
			h3{font-size:17px;margin:4px 0}
			dl.ids{display:flex;flex-wrap:wrap;gap:4px 28px;margin:0}
			dl.ids dt{font-size:12px;color:var(--muted);text-transform:uppercase}
			dl.ids dd{margin:0;font-size:19px;font-weight:bold}
			section{border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:12px 0;break-inside:avoid;page-break-inside:avoid}
			section.alert{border:3px solid var(--warn);background:var(--warnbg)}
			section.alert h2,section.emergency h2{color:var(--warn)}
			.alert-text{font-weight:bold;font-size:18px;margin:0}
			section.emergency{border:3px solid var(--warn)}
			.instructions{font-size:17px}
			section.coordinator{border:3px solid var(--accent);background:#eef5fc}
			.person{font-size:20px;font-weight:bold;margin:0}
			.code{font-family:"Courier New",monospace;background:#eef;padding:0 4px;border-radius:3px;white-space:nowrap}
			.tag{font-size:12px;background:var(--accent);color:#fff;padding:1px 6px;border-radius:8px;vertical-align:middle}
			.note,.meta{color:var(--muted);font-size:14px}
			ul{margin:6px 0;padding-left:20px}
			ul.contacts{list-style:none;padding:0;font-weight:bold}
			table{border-collapse:collapse;width:100%;font-size:14px}
			th,td{text-align:left;border-bottom:1px solid var(--line);padding:5px 6px;vertical-align:top}
			th{background:#f0f4f5}
			article+article{border-top:1px dashed var(--line);margin-top:8px;padding-top:4px}
			footer{color:var(--muted);font-size:12px;margin-top:16px}
			a{color:var(--accent)}
			@media (max-width:600px){main{padding:12px}h1{font-size:24px}table,thead,tbody,tr,th,td{display:block}thead{display:none}td{border:0;padding:1px 0}tr{border-bottom:1px solid var(--line);padding:6px 0}}
			@media print{@page{size:A4;margin:12mm}body{background:#fff;font-size:11pt}main{max-width:none;padding:0}section{margin:6pt 0}a{color:inherit;text-decoration:none}a[href]::after{content:" (" attr(href) ")";font-size:9pt;word-break:break-all}
			section.alert,section.emergency,section.coordinator,th,.tag,.code{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
			""";
}
