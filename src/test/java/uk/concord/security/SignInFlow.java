package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser going through the authorization code grant against a running Concord, as plain HTTP: the
 * authorization request, the login page (with its CSRF token and session cookie), and back to the app's redirect
 * URI, whose query the test reads instead of following. Then the app's token request.
 */
final class SignInFlow {

	static final String APP = "smart-app";
	static final String REDIRECT = "http://127.0.0.1:9/callback";
	static final ObjectMapper JSON = new ObjectMapper();
	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

	private final String root;
	private final HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

	SignInFlow(String root) {
		this.root = root;
	}

	record Pkce(String verifier, String challenge) {

		static Pkce create() {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			try {
				byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
				return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
			} catch (NoSuchAlgorithmException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	/** The authorization request a SMART app sends for a standalone launch, with PKCE. */
	static Map<String, String> request(String scope, Pkce pkce, String fhirBase) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", APP);
		parameters.put("redirect_uri", REDIRECT);
		parameters.put("scope", scope);
		parameters.put("state", "state-" + System.nanoTime());
		parameters.put("aud", fhirBase);
		if (pkce != null) {
			parameters.put("code_challenge", pkce.challenge());
			parameters.put("code_challenge_method", "S256");
		}
		return parameters;
	}

	/**
	 * Sends the authorization request; if the login page is shown, signs in; returns the last response: a redirect
	 * to the app (with a code or an error), an error page, or the login page again.
	 */
	HttpResponse<String> authorize(Map<String, String> parameters, String username, String password) {
		HttpResponse<String> response = get(root + "/oauth2/authorize?" + form(parameters));
		if (response.statusCode() == 302 && location(response).getPath().equals("/login")) {
			HttpResponse<String> login = get(location(response).toString());
			assertThat(login.statusCode()).isEqualTo(200);
			HttpResponse<String> signedIn = post(root + "/login", form(Map.of(
					"username", username, "password", password, "_csrf", csrf(login.body()))));
			if (!location(signedIn).getPath().startsWith("/oauth2/authorize")) {
				return get(location(signedIn).toString());
			}
			response = get(location(signedIn).toString());
		}
		return response;
	}

	/** The query parameters of the redirect back to the app. */
	static Map<String, String> backToTheApp(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		URI location = location(response);
		assertThat(location.toString()).startsWith(REDIRECT);
		return query(location.getRawQuery());
	}

	HttpResponse<String> token(String code, String verifier) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("grant_type", "authorization_code");
		parameters.put("code", code);
		parameters.put("redirect_uri", REDIRECT);
		parameters.put("client_id", APP);
		if (verifier != null) {
			parameters.put("code_verifier", verifier);
		}
		return post(root + "/oauth2/token", form(parameters));
	}

	/** The whole flow, for a test that needs a signed-in person's token response. */
	JsonNode signIn(String scope, String username, String password, String fhirBase) throws IOException {
		Pkce pkce = Pkce.create();
		Map<String, String> back = backToTheApp(authorize(request(scope, pkce, fhirBase), username, password));
		assertThat(back).containsKey("code");
		HttpResponse<String> token = token(back.get("code"), pkce.verifier());
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		return JSON.readTree(token.body());
	}

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	HttpResponse<String> post(String url, String form) {
		return send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return browser.send(request.header("Accept", "text/html,*/*").build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	static URI location(HttpResponse<String> response) {
		return response.request().uri().resolve(response.headers().firstValue("Location").orElseThrow(
				() -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body())));
	}

	static String csrf(String page) {
		Matcher matcher = CSRF.matcher(page);
		assertThat(matcher.find()).as("a CSRF token in the login form:\n" + page).isTrue();
		return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
	}

	static String form(Map<String, String> parameters) {
		return parameters.entrySet().stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
	}

	static Map<String, String> query(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				parameters.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
						equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}
}
