package uk.concord.passport;

import ca.uhn.fhir.jpa.ips.generator.IIpsGeneratorSvc;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import uk.concord.audit.AuditTrail;
import uk.concord.security.Caller;
import uk.concord.security.PatientAccess;

/**
 * The health passport as a page a patient can print or show on a phone: {@code GET /passport/Patient/{id}} or
 * {@code GET /passport/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919}. It is the {@code $summary}
 * document, rendered by {@link PassportPage}; with {@code ?format=pdf} the same page as a PDF ({@link PassportPdf}).
 */
@Controller
class PassportController {

	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private final IIpsGeneratorSvc generator;
	private final String fhirBasePath;
	private final PatientAccess access;
	private final AuditTrail audit;

	PassportController(IIpsGeneratorSvc generator, String fhirBasePath, PatientAccess access, AuditTrail audit) {
		this.generator = generator;
		this.fhirBasePath = fhirBasePath;
		this.access = access;
		this.audit = audit;
	}

	@GetMapping(path = "/passport/Patient/{id}")
	ResponseEntity<?> byId(
			@PathVariable String id, @RequestParam(required = false) String format, HttpServletRequest request) {
		if (!FHIR_ID.matcher(id).matches()) {
			return notFound();
		}
		return asRequested(format, passport(request, details -> generator.generateIps(details, new IdType("Patient", id), null)));
	}

	@GetMapping(path = "/passport/Patient")
	ResponseEntity<?> byIdentifier(
			@RequestParam(required = false) String identifier,
			@RequestParam(required = false) String format,
			HttpServletRequest request) {
		if (identifier == null || identifier.isBlank()) {
			return page(HttpStatus.BAD_REQUEST, message("Which patient?",
					"Give the patient's id (/passport/Patient/{id}) or NHS Number "
							+ "(?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919)."));
		}
		int bar = identifier.indexOf('|');
		TokenParam token = bar < 0
				? new TokenParam(identifier)
				: new TokenParam(identifier.substring(0, bar), identifier.substring(bar + 1));
		return asRequested(format, passport(request, details -> generator.generateIps(details, token, null)));
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
				.body(PassportPdf.render(page.getBody()));
	}

	private ResponseEntity<String> passport(
			HttpServletRequest request, Function<SystemRequestDetails, org.hl7.fhir.instance.model.api.IBaseBundle> generate) {
		SystemRequestDetails details = new SystemRequestDetails();
		details.setFhirServerBase(ServletUriComponentsBuilder.fromContextPath(request)
				.path(fhirBasePath)
				.replaceQuery(null)
				.toUriString());
		try {
			Bundle document = (Bundle) generate.apply(details);
			// made as the server, shown only to whom the FHIR API would show the patient's record
			String patientId = subjectOf(document);
			Caller caller = Caller.current();
			boolean allowed = access.mayRead(caller, patientId);
			audit.recordPatientRecordView(caller, patientId, "health passport page", allowed);
			if (!allowed) {
				// the same page as for nobody: a refusal would tell the caller that the patient exists
				return notFound();
			}
			return page(HttpStatus.OK, PassportPage.render(document));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return notFound();
		} catch (InvalidRequestException e) {
			return page(HttpStatus.BAD_REQUEST, message("Cannot make this passport", e.getMessage()));
		}
	}

	private static ResponseEntity<String> notFound() {
		return page(HttpStatus.NOT_FOUND, message("Not found",
				"There is no patient with that id or NHS Number whose health passport you may see."));
	}

	private static String subjectOf(Bundle document) {
		return document.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(org.hl7.fhir.r4.model.Patient.class::isInstance)
				.map(patient -> patient.getIdElement().getIdPart())
				.findFirst()
				.orElseThrow(() -> new ResourceNotFoundException("no patient in the document"));
	}

	private static ResponseEntity<String> page(HttpStatus status, String html) {
		return ResponseEntity.status(status)
				.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
				// a health record: never cached by browsers or proxies
				.cacheControl(CacheControl.noStore())
				.header("X-Content-Type-Options", "nosniff")
				.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
				.header("Referrer-Policy", "no-referrer")
				.body(html);
	}

	private static String message(String title, String text) {
		return "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>"
				+ PassportPage.esc(title) + "</title></head><body><h1>" + PassportPage.esc(title) + "</h1><p>"
				+ PassportPage.esc(text) + "</p></body></html>\n";
	}
}
