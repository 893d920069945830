package uk.concord.emergency;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Date;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import uk.concord.security.Caller;
import uk.concord.security.ServerRoot;
import uk.concord.server.ServerProperties;

/**
 * Issuing and revoking a patient's emergency card and listing its scans, for the patient, their carer or their care
 * coordinator ({@link CardKeepers}), with a bearer token as for the FHIR API. Answers are FHIR JSON:
 * <ul>
 *   <li>{@code POST /emergency-card/Patient/{id}}: a new card (earlier ones stop working): Parameters with
 *       {@code card}, {@code url} (the QR code's address), {@code expires} and {@code pdf} (the wallet card)</li>
 *   <li>{@code POST /emergency-card/Patient/{id}/revoke}: every working card of the patient stops working</li>
 *   <li>{@code GET /emergency-card/Patient/{id}/scans}: the scans' audit records, newest first, a page at a time
 *       ({@code _count}, {@code _offset}; {@code next} and {@code previous} links, the total of all)</li>
 * </ul>
 */
@RestController
class CardController {

	static final String PATH = "/emergency-card/Patient/";
	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
	private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,9}");
	private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");

	private final EmergencyCards cards;
	private final EmergencyInformation information;
	private final CardKeepers keepers;
	private final CardPdf pdf;
	private final ScanAudit audit;
	private final FhirContext fhir;
	private final ServerProperties server;

	CardController(EmergencyCards cards, EmergencyInformation information, CardKeepers keepers, CardPdf pdf,
			ScanAudit audit, FhirContext fhir, ServerProperties server) {
		this.cards = cards;
		this.information = information;
		this.keepers = keepers;
		this.pdf = pdf;
		this.audit = audit;
		this.fhir = fhir;
		this.server = server;
	}

	@PostMapping(PATH + "{id}")
	ResponseEntity<String> issue(@PathVariable String id, HttpServletRequest request) {
		ResponseEntity<String> refused = refusal(id);
		if (refused != null) {
			return refused;
		}
		Caller caller = Caller.current();
		EmergencyCards.Issued issued;
		try {
			issued = cards.issue(id, caller.fhirUser() != null ? caller.fhirUser() : caller.clientId());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return outcome(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTFOUND, "There is no patient with that id");
		}
		String url = ServerRoot.of(request, server) + ScanController.SCAN + issued.token();
		byte[] card = pdf.render(information.of(id), url, issued);
		Parameters answer = new Parameters();
		answer.addParameter().setName("card").setValue(new Reference("Basic/" + issued.cardId()));
		answer.addParameter().setName("url").setValue(new UriType(url));
		answer.addParameter().setName("expires").setValue(new DateTimeType(Date.from(issued.expires())));
		answer.addParameter().setName("pdf").setValue(new Attachment()
				.setContentType("application/pdf")
				.setTitle("emergency-card.pdf")
				.setData(card));
		return fhir(HttpStatus.CREATED, answer);
	}

	@PostMapping(PATH + "{id}/revoke")
	ResponseEntity<String> revoke(@PathVariable String id) {
		ResponseEntity<String> refused = refusal(id);
		if (refused != null) {
			return refused;
		}
		Parameters answer = new Parameters();
		answer.addParameter().setName("revoked").setValue(new IntegerType(cards.revokeAll(id)));
		return fhir(HttpStatus.OK, answer);
	}

	@GetMapping(PATH + "{id}/scans")
	ResponseEntity<String> scans(@PathVariable String id, @RequestParam(name = "_count", required = false) String count,
			@RequestParam(name = "_offset", required = false) String offset, HttpServletRequest request) {
		ResponseEntity<String> refused = refusal(id);
		if (refused != null) {
			return refused;
		}
		Integer from = wholeNumber(offset, 0);
		Integer size = wholeNumber(count, server.defaultPageSize());
		if (from == null || size == null) {
			return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID,
					"_count and _offset must be whole numbers of 0 or more");
		}
		size = Math.min(size, server.maxPageSize());
		ScanAudit.Page page = audit.of(id, from, size);
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(page.total());
		String scans = ServerRoot.of(request, server) + PATH + id + "/scans";
		bundle.addLink().setRelation("self").setUrl(pageUrl(scans, from, size));
		if (from + size < page.total() && size > 0) {
			bundle.addLink().setRelation("next").setUrl(pageUrl(scans, from + size, size));
		}
		if (from > 0) {
			bundle.addLink().setRelation("previous").setUrl(pageUrl(scans, Math.max(0, from - size), size));
		}
		page.scans().forEach(event -> bundle.addEntry().setResource(event));
		return fhir(HttpStatus.OK, bundle);
	}

	private static String pageUrl(String scans, int offset, int count) {
		return UriComponentsBuilder.fromUriString(scans)
				.queryParam("_count", count)
				.queryParam("_offset", offset)
				.toUriString();
	}

	/** The parameter as a whole number of 0 or more, the fallback when absent, null when it is not one. */
	private static Integer wholeNumber(String parameter, int fallback) {
		if (parameter == null || parameter.isBlank()) {
			return fallback;
		}
		if (!WHOLE_NUMBER.matcher(parameter).matches()) {
			return null;
		}
		return Integer.valueOf(parameter);
	}

	/** Null when the caller may keep this patient's card; otherwise the answer to give. */
	private ResponseEntity<String> refusal(String id) {
		if (!FHIR_ID.matcher(id).matches()) {
			return outcome(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTFOUND, "There is no patient with that id");
		}
		if (!keepers.mayKeep(Caller.current(), id)) {
			return outcome(HttpStatus.FORBIDDEN, OperationOutcome.IssueType.FORBIDDEN,
					"Only the patient, their carer or their care coordinator may issue, revoke or list the "
							+ "patient's emergency cards");
		}
		return null;
	}

	private ResponseEntity<String> outcome(HttpStatus status, OperationOutcome.IssueType type, String text) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
		return fhir(status, outcome);
	}

	private ResponseEntity<String> fhir(HttpStatus status, IBaseResource resource) {
		return ResponseEntity.status(status)
				.contentType(FHIR_JSON)
				.cacheControl(CacheControl.noStore())
				.body(fhir.newJsonParser().encodeResourceToString(resource));
	}
}
