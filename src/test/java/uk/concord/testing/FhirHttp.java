package uk.concord.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Talks to a running Concord over real HTTP: HAPI's generic client for FHIR calls, plain HTTP for raw ones. */
public final class FhirHttp {

	public static final FhirContext R4 = FhirContext.forR4Cached();

	static {
		R4.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		R4.getRestfulClientFactory().setSocketTimeout(120_000);
	}

	private final String base;
	private final HttpClient http = HttpClient.newHttpClient();

	public FhirHttp(int port) {
		this.base = "http://localhost:" + port + "/fhir";
	}

	public String base() {
		return base;
	}

	/** The server's root URL, for what is served beside the FHIR API (/ig, /passport, /actuator). */
	public String root() {
		return base.substring(0, base.length() - "/fhir".length());
	}

	public IGenericClient client() {
		return R4.newRestfulGenericClient(base);
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/fhir+json").GET());
	}

	/** A GET as a browser or monitoring probe would send it, accepting anything. */
	public Response getAny(String url) {
		return send(HttpRequest.newBuilder(uri(url)).GET());
	}

	public Response post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", contentType)
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** A URL under the FHIR base; the | of token searches (system|code) is encoded as URIs require. */
	public URI uri(String path) {
		String url = path.startsWith("http") ? path : base + (path.startsWith("/") ? "" : "/") + path;
		return URI.create(url.replace("|", "%7C"));
	}

	/** Number of matches a search reports. */
	public int total(String search) {
		Response response = get(search);
		if (response.status() != 200) {
			throw new IllegalStateException("Search " + search + " answered " + response.status() + ": " + response.body());
		}
		return response.as(org.hl7.fhir.r4.model.Bundle.class).getTotal();
	}

	public record Response(int status, String body, HttpResponse<String> raw) {

		public <T extends IBaseResource> T as(Class<T> type) {
			return R4.newJsonParser().parseResource(type, body);
		}
	}
}
