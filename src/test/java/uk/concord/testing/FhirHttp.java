package uk.concord.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Talks to a running Concord over real HTTP: HAPI's generic client for FHIR calls, plain HTTP for raw ones. Every
 * request carries a bearer token the server's development authorization server issued to one of the demo clients
 * ({@code ehr-system} unless {@link #as} says otherwise; {@link #anonymous()} sends none).
 */
public final class FhirHttp {

	public static final String DEFAULT_CLIENT = "ehr-system";

	private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

	public static final FhirContext R4 = FhirContext.forR4Cached();

	static {
		R4.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		R4.getRestfulClientFactory().setSocketTimeout(120_000);
	}

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String base;
	private final String client;
	private final HttpClient http = HTTP;

	public FhirHttp(int port) {
		this("http://localhost:" + port + "/fhir", DEFAULT_CLIENT);
	}

	private FhirHttp(String base, String client) {
		this.base = base;
		this.client = client;
	}

	/** The same server, called as another demo client (its secret is {@code <id>-secret}). */
	public FhirHttp as(String demoClient) {
		return new FhirHttp(base, demoClient);
	}

	/** The same server, called with no token at all. */
	public FhirHttp anonymous() {
		return new FhirHttp(base, null);
	}

	/** An access token for this client, from the server's token endpoint (cached: tokens last an hour). */
	public String token() {
		return TOKENS.computeIfAbsent(root() + " " + client, key -> fetchToken(client, client + "-secret", null));
	}

	/** A fresh token response for any client, secret and requested scope (null: the client's registered scopes). */
	public Response tokenResponse(String clientId, String secret, String scope) {
		String form = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(root() + "/oauth2/token"))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)), false);
	}

	private String fetchToken(String clientId, String secret, String scope) {
		Response response = tokenResponse(clientId, secret, scope);
		if (response.status() != 200) {
			throw new IllegalStateException("No token for " + clientId + ": " + response.status() + " " + response.body());
		}
		try {
			return new ObjectMapper().readTree(response.body()).get("access_token").asText();
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	public String base() {
		return base;
	}

	/** The server's root URL, for what is served beside the FHIR API (/ig, /passport, /actuator). */
	public String root() {
		return base.substring(0, base.length() - "/fhir".length());
	}

	public IGenericClient client() {
		IGenericClient fhir = R4.newRestfulGenericClient(base);
		if (client != null) {
			fhir.registerInterceptor(new BearerTokenAuthInterceptor(token()));
		}
		return fhir;
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

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	public Response send(HttpRequest.Builder request) {
		return send(request, client != null);
	}

	private Response send(HttpRequest.Builder request, boolean withToken) {
		if (withToken) {
			request.header("Authorization", "Bearer " + token());
		}
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
