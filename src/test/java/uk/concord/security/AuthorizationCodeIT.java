package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * People sign in to apps through the development server (authorization code grant with PKCE, the login page, the
 * demo users): a parent gets a token for their child's record with the child as launch context, a clinician one
 * for their practice's patients with no patient context. A request that cannot be granted never gives a code and
 * never a 500: errors go back to the app when its redirect URI is registered, and to an error page otherwise.
 */
@EmbeddedServerTest
class AuthorizationCodeIT {

	static final String PARENT_SCOPES = "launch/patient openid fhirUser patient/*.rs";

	FhirHttp fhir;
	SignInFlow browser;

	@BeforeEach
	void newBrowser() {
		browser = new SignInFlow(fhir.root());
	}

	@Test
	void aParentSignsInAndTheAppGetsTheirChildAsPatientContextAndTheirIdentity() throws Exception {
		JsonNode token = browser.signIn(PARENT_SCOPES, "claire", "claire-password", fhir.base());

		assertThat(token.get("patient").asText()).isEqualTo("dmd-child");
		assertThat(scopes(token)).isEqualTo(Set.of("launch/patient", "openid", "fhirUser", "patient/*.rs"));
		assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
		JsonNode idToken = payload(token.get("id_token").asText());
		assertThat(idToken.get("fhirUser").asText()).isEqualTo(fhir.base() + "/RelatedPerson/dmd-mother");
		assertThat(idToken.get("aud").toString()).contains(SignInFlow.APP);
		JsonNode accessToken = payload(token.get("access_token").asText());
		assertThat(accessToken.get("fhirUser").asText()).isEqualTo("RelatedPerson/dmd-mother");
		assertThat(accessToken.get("sub").asText()).isEqualTo("claire");
	}

	@Test
	void theParentsTokenReadsTheChildsRecordAndNoOneElses() throws Exception {
		String accessToken = browser.signIn(PARENT_SCOPES, "claire", "claire-password", fhir.base())
				.get("access_token").asText();

		FhirHttp.Response child = read(accessToken, "Patient/dmd-child");
		assertThat(child.status()).isEqualTo(200);
		assertThat(child.body()).contains("\"id\":\"dmd-child\"");
		FhirHttp.Response plan = read(accessToken, "CarePlan?subject=Patient/dmd-child");
		assertThat(plan.status()).isEqualTo(200);
		assertThat(plan.body()).contains("dmd-emergency-care-plan");
		FhirHttp.Response other = read(accessToken, "Patient/swan-adult");
		assertThat(other.status()).isIn(403, 404);
		assertThat(other.body()).doesNotContain("\"id\":\"swan-adult\"");
		FhirHttp.Response search = read(accessToken, "Condition");
		assertThat(search.status()).isIn(200, 403);
		assertThat(search.body()).doesNotContain("swan-adult");
	}

	@Test
	void aClinicianGetsNoPatientContextAndOnlyTheScopesACliniciansMayHave() throws Exception {
		JsonNode token = browser.signIn("launch/patient openid fhirUser patient/*.rs user/*.rs",
				"dr-brooks", "dr-brooks-password", fhir.base());

		assertThat(token.has("patient")).isFalse();
		assertThat(scopes(token)).isEqualTo(Set.of("openid", "fhirUser", "user/*.rs"));
		assertThat(payload(token.get("id_token").asText()).get("fhirUser").asText())
				.isEqualTo(fhir.base() + "/Practitioner/pract-gp-riverside");
		String accessToken = token.get("access_token").asText();
		assertThat(payload(accessToken).get("organization").asText()).isEqualTo("Y90001");
		assertThat(read(accessToken, "Patient/dmd-child").status()).isEqualTo(200);
		assertThat(read(accessToken, "Patient/swan-adult").status()).isIn(403, 404);
	}

	@Test
	void anAppThatNamesNoScopeGetsWhatThePersonMayHaveOfItsRegisteredScopes() throws Exception {
		SignInFlow.Pkce pkce = SignInFlow.Pkce.create();
		Map<String, String> request = SignInFlow.request("", pkce, fhir.base());
		request.remove("scope");
		Map<String, String> back = SignInFlow.backToTheApp(browser.authorize(request, "claire", "claire-password"));
		JsonNode token = SignInFlow.JSON.readTree(browser.token(back.get("code"), pkce.verifier()).body());

		assertThat(scopes(token)).containsExactlyInAnyOrder(
				"openid", "fhirUser", "launch/patient", "patient/*.rs", "patient/*.read");
	}

	@Test
	void withoutPkceOrWithPlainPkceThePublicAppIsSentBackWithAnErrorAndNoCode() {
		Map<String, String> noPkce = SignInFlow.request(PARENT_SCOPES, null, fhir.base());
		Map<String, String> back = SignInFlow.backToTheApp(browser.authorize(noPkce, "claire", "claire-password"));
		assertThat(back).containsEntry("error", "invalid_request").containsEntry("state", noPkce.get("state"))
				.doesNotContainKey("code");
		assertThat(back.get("error_description")).contains("code_challenge");

		Map<String, String> plain = SignInFlow.request(PARENT_SCOPES, SignInFlow.Pkce.create(), fhir.base());
		plain.put("code_challenge_method", "plain");
		assertThat(SignInFlow.backToTheApp(browser.authorize(plain, "claire", "claire-password")))
				.containsEntry("error", "invalid_request").doesNotContainKey("code");
	}

	@Test
	void anAppThatMeansAnotherFhirServerIsSentBackWithAnErrorAndNoCode() {
		Map<String, String> request = SignInFlow.request(PARENT_SCOPES, SignInFlow.Pkce.create(), fhir.base());
		request.put("aud", "https://other-fhir-server.example/fhir");

		Map<String, String> back = SignInFlow.backToTheApp(browser.authorize(request, "claire", "claire-password"));

		assertThat(back).containsEntry("error", "invalid_request").doesNotContainKey("code");
		assertThat(back.get("error_description")).contains("aud must be this server's FHIR base URL");
	}

	@Test
	void aWrongCodeVerifierOrACodeUsedTwiceGetsNoToken() {
		SignInFlow.Pkce pkce = SignInFlow.Pkce.create();
		String code = SignInFlow.backToTheApp(browser.authorize(
				SignInFlow.request(PARENT_SCOPES, pkce, fhir.base()), "claire", "claire-password")).get("code");

		HttpResponse<String> wrong = browser.token(code, SignInFlow.Pkce.create().verifier());
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(wrong.body()).contains("invalid_grant").doesNotContain("access_token");
		HttpResponse<String> none = browser.token(code, null);
		assertThat(none.statusCode()).isIn(400, 401);
		assertThat(none.body()).doesNotContain("access_token");

		SignInFlow.Pkce again = SignInFlow.Pkce.create();
		String fresh = SignInFlow.backToTheApp(browser.authorize(
				SignInFlow.request(PARENT_SCOPES, again, fhir.base()), "claire", "claire-password")).get("code");
		assertThat(browser.token(fresh, again.verifier()).statusCode()).isEqualTo(200);
		HttpResponse<String> replayed = browser.token(fresh, again.verifier());
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(replayed.body()).contains("invalid_grant");
	}

	@Test
	void aRedirectUriThatIsNotRegisteredGetsAnErrorPageAndIsNeverRedirectedTo() {
		Map<String, String> request = SignInFlow.request(PARENT_SCOPES, SignInFlow.Pkce.create(), fhir.base());
		request.put("redirect_uri", "https://attacker.example/callback");

		HttpResponse<String> response = browser.authorize(request, "claire", "claire-password");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(response.body()).contains("This sign-in request cannot be completed", "invalid_request", "redirect_uri")
				.doesNotContain("attacker.example");
	}

	@Test
	void badAuthorizationRequestsAreAnsweredWithAnOAuthErrorNeverA500() {
		String pkce = "&code_challenge=" + SignInFlow.Pkce.create().challenge() + "&code_challenge_method=S256";
		List<String> requests = List.of(
				"client_id=no-such-app&response_type=code&redirect_uri=http://127.0.0.1:9/callback" + pkce,
				"response_type=code&redirect_uri=http://127.0.0.1:9/callback" + pkce,
				"client_id=smart-app&redirect_uri=http://127.0.0.1:9/callback" + pkce,
				"client_id=smart-app&response_type=token&redirect_uri=http://127.0.0.1:9/callback" + pkce,
				"client_id=smart-app&response_type=code&redirect_uri=http://127.0.0.1:9/callback&scope=system/*.cruds" + pkce,
				"client_id=smart-app&response_type=code&redirect_uri=not%20a%20uri" + pkce,
				"client_id=smart-app&client_id=smart-app&response_type=code" + pkce,
				"client_id=ehr-system&response_type=code&redirect_uri=http://127.0.0.1:9/callback" + pkce,
				"");
		for (String query : requests) {
			HttpResponse<String> response = browser.get(fhir.root() + "/oauth2/authorize?" + query);
			assertThat(response.statusCode()).as(query).isIn(302, 400);
			if (response.statusCode() == 302) {
				String location = SignInFlow.location(response).toString();
				assertThat(location).as(query).startsWith(SignInFlow.REDIRECT).contains("error=").doesNotContain("code=");
			} else {
				assertThat(response.body()).as(query).contains("OAuth error").doesNotContain("Exception");
			}
		}
	}

	@Test
	void aWrongPasswordShowsTheLoginPageAgainAndIssuesNoCode() {
		HttpResponse<String> response = browser.authorize(
				SignInFlow.request(PARENT_SCOPES, SignInFlow.Pkce.create(), fhir.base()), "claire", "not-her-password");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("The user name or password is not right").contains("name=\"password\"");
		assertThat(response.request().uri().toString()).doesNotContain("code=");
	}

	@Test
	void theLoginPageNamesTheDemoPeopleButNotTheirPasswords() {
		HttpResponse<String> login = browser.get(fhir.root() + "/login");

		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("Sign in to Concord", "claire", "Claire Bennett", "dr-brooks")
				.doesNotContain("claire-password");
		assertThat(SignInFlow.csrf(login.body())).isNotBlank();
	}

	private FhirHttp.Response read(String accessToken, String path) {
		return fhir.anonymous().send(HttpRequest.newBuilder(fhir.uri(path))
				.header("Accept", "application/fhir+json")
				.header("Authorization", "Bearer " + accessToken));
	}

	static Set<String> scopes(JsonNode tokenResponse) {
		return Arrays.stream(tokenResponse.get("scope").asText().split(" ")).collect(Collectors.toSet());
	}

	static JsonNode payload(String jwt) throws Exception {
		return SignInFlow.JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
	}

}
