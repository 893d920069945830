package uk.concord.passport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.concord.security.BreakGlass;

/**
 * Asks this server's own FHIR endpoint, with the caller's bearer token (and break-glass reason), over HTTP: so the
 * passport gets exactly what the FHIR API would give the caller, through the same scopes, consent, patient boundary
 * and audit record, and the passport keeps no copy of those rules.
 */
class FhirAsCaller {

	/** What the FHIR endpoint answered: its status and, when the body was FHIR, the resource. */
	record Answer(int status, Optional<IBaseResource> resource) {
		boolean ok() {
			return status == 200 && resource.isPresent();
		}
	}

	private static final Logger log = LoggerFactory.getLogger(FhirAsCaller.class);
	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	private final FhirContext fhir;
	private final String fhirBasePath;

	FhirAsCaller(FhirContext fhir, String fhirBasePath) {
		this.fhir = fhir;
		this.fhirBasePath = fhirBasePath;
	}

	/** {@code GET [base]/pathAndQuery} as the caller of {@code request}; the query must already be URL-encoded. */
	Answer get(HttpServletRequest request, String pathAndQuery) {
		HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(base(request) + "/" + pathAndQuery))
				.timeout(TIMEOUT)
				.header("Accept", "application/fhir+json");
		forward(request, call, "Authorization");
		forward(request, call, BreakGlass.HEADER);
		try {
			HttpResponse<String> response = http.send(call.GET().build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), parse(response.body()));
		} catch (IOException e) {
			log.warn("The FHIR endpoint did not answer the passport's request: {}", e.toString());
			return new Answer(503, Optional.empty());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new Answer(503, Optional.empty());
		}
	}

	/** The FHIR endpoint on the connector this request came in on (not the public address, which may be a proxy). */
	private String base(HttpServletRequest request) {
		String host = request.getLocalAddr();
		if (host.contains(":")) {
			host = "[" + host + "]";
		}
		return "http://" + host + ":" + request.getLocalPort() + request.getContextPath() + fhirBasePath;
	}

	private static void forward(HttpServletRequest request, HttpRequest.Builder call, String header) {
		String value = request.getHeader(header);
		if (value != null) {
			call.header(header, value);
		}
	}

	private Optional<IBaseResource> parse(String body) {
		if (body == null || body.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(fhir.newJsonParser().parseResource(body));
		} catch (DataFormatException e) {
			return Optional.empty();
		}
	}
}
