package uk.concord.passport;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import uk.concord.server.HtmlPdf;

/**
 * The health passport as a page a patient can print or show on a phone: {@code GET /passport/Patient/{id}} or
 * {@code GET /passport/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919}; with {@code ?format=pdf}
 * the same page as a PDF. The page is the {@code $summary} document and the family's {@code RelatedPerson}s, asked
 * of the FHIR endpoint as the caller ({@link FhirAsCaller}), rendered with {@code templates/passport/passport.html}.
 */
@Controller
class PassportController {

	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private final FhirAsCaller fhir;
	private final ITemplateEngine templates;

	PassportController(FhirAsCaller fhir, ITemplateEngine templates) {
		this.fhir = fhir;
		this.templates = templates;
	}

	@GetMapping(path = "/passport/Patient/{id}")
	ResponseEntity<?> byId(
			@PathVariable String id, @RequestParam(required = false) String format, HttpServletRequest request) {
		if (!FHIR_ID.matcher(id).matches()) {
			return notFound();
		}
		return asRequested(format, passport(request, "Patient/" + id + "/$summary"));
	}

	@GetMapping(path = "/passport/Patient")
	ResponseEntity<?> byIdentifier(
			@RequestParam(required = false) String identifier,
			@RequestParam(required = false) String format,
			HttpServletRequest request) {
		if (identifier == null || identifier.isBlank()) {
			return message(HttpStatus.BAD_REQUEST, "Which patient?",
					"Give the patient's id (/passport/Patient/{id}) or NHS Number "
							+ "(?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919).");
		}
		return asRequested(format, passport(request, "Patient/$summary?identifier=" + encode(identifier)));
	}

	/** The page as it is, or (for {@code format=pdf} and a passport that was found) as a PDF download. */
	private static ResponseEntity<?> asRequested(String format, ResponseEntity<String> page) {
		if (!"pdf".equalsIgnoreCase(format) || !page.getStatusCode().is2xxSuccessful()) {
			return page;
		}
		return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_PDF)
				.cacheControl(CacheControl.noStore())
				.header("Content-Disposition", "inline; filename=\"health-passport.pdf\"")
				.header("X-Content-Type-Options", "nosniff")
				.body(HtmlPdf.render(page.getBody()));
	}

	private ResponseEntity<String> passport(HttpServletRequest request, String summary) {
		FhirAsCaller.Answer answer = fhir.get(request, summary);
		if (answer.status() >= 500) {
			return message(HttpStatus.SERVICE_UNAVAILABLE, "Cannot make this passport now",
					"The shared care record did not answer. Please try again in a few minutes.");
		}
		if (answer.status() == 400 || answer.status() == 422) {
			return message(HttpStatus.BAD_REQUEST, "Cannot make this passport", diagnostics(answer));
		}
		if (!answer.ok() || !(answer.resource().get() instanceof Bundle document)) {
			// 401, 403 and 404 alike: a refusal would tell the caller that the patient exists
			return notFound();
		}
		Context model = new Context(Locale.UK);
		model.setVariable("passport", PassportView.of(document, family(request, document)));
		return page(HttpStatus.OK, templates.process("passport/passport", model));
	}

	/** The patient's relatives and carers, as the FHIR API would list them for the caller (none if it would not). */
	private List<RelatedPerson> family(HttpServletRequest request, Bundle document) {
		String subject = document.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(Composition.class::isInstance)
				.map(c -> ((Composition) c).getSubject().getReferenceElement().getIdPart())
				.findFirst()
				.orElse(null);
		if (subject == null) {
			return List.of();
		}
		FhirAsCaller.Answer answer = fhir.get(request, "RelatedPerson?_count=50&patient=" + encode("Patient/" + subject));
		if (!answer.ok() || !(answer.resource().get() instanceof Bundle found)) {
			return List.of();
		}
		return found.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(RelatedPerson.class::isInstance)
				.map(RelatedPerson.class::cast)
				.toList();
	}

	private static String diagnostics(FhirAsCaller.Answer answer) {
		return answer.resource()
				.filter(OperationOutcome.class::isInstance)
				.map(o -> ((OperationOutcome) o).getIssueFirstRep().getDiagnostics())
				.filter(d -> d != null && !d.isBlank())
				.orElse("The request for this passport was not valid.");
	}

	private ResponseEntity<String> notFound() {
		return message(HttpStatus.NOT_FOUND, "Not found",
				"There is no patient with that id or NHS Number whose health passport you may see.");
	}

	private ResponseEntity<String> message(HttpStatus status, String title, String text) {
		Context model = new Context(Locale.UK);
		model.setVariable("title", title);
		model.setVariable("text", text);
		return page(status, templates.process("passport/message", model));
	}

	private static ResponseEntity<String> page(HttpStatus status, String html) {
		return ResponseEntity.status(status)
				.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				// a health record: never cached by browsers or proxies
				.cacheControl(CacheControl.noStore())
				.header("X-Content-Type-Options", "nosniff")
				.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
				.header("Referrer-Policy", "no-referrer")
				.body(html);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
