package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * Guessing is slowed down (concord.security.dev-server.throttle: 5 failures per client id or user name, 20 per
 * address, blocks from 1 s doubling to 5 min): a blocked client, address or user is answered 429 with
 * {@code Retry-After} even with the right secret, and the right secret works again once the block has lifted.
 */
@EmbeddedServerTest
class TokenThrottleIT {

	FhirHttp fhir;

	@Test
	void afterFiveWrongSecretsTheClientIsBlockedThenTheRightSecretWorksAgain() {
		for (int i = 0; i < 5; i++) {
			assertThat(fhir.tokenResponse("auditor", "wrong-" + i, null).status()).isEqualTo(401);
		}

		FhirHttp.Response blocked = fhir.tokenResponse("auditor", "auditor-secret", null);

		assertThat(blocked.status()).isEqualTo(429);
		assertThat(blocked.raw().headers().firstValue("Retry-After")).hasValueSatisfying(
				seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
		assertThat(blocked.body()).contains("temporarily_unavailable").doesNotContain("access_token");
		// another client from the same address is not blocked by the auditor's failures
		assertThat(fhir.tokenResponse("ed-clinician", "ed-clinician-secret", null).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
				.until(() -> fhir.tokenResponse("auditor", "auditor-secret", null).status() == 200);
	}

	@Test
	void twentyFailuresFromOneAddressBlockEveryClientFromItUntilTheBlockLifts() {
		for (int i = 0; i < 20; i++) {
			assertThat(fhir.tokenResponse("sprayed-" + i, "guess", null).status()).isEqualTo(401);
		}

		FhirHttp.Response blocked = fhir.tokenResponse("ehr-system", "ehr-system-secret", null);

		assertThat(blocked.status()).isEqualTo(429);
		assertThat(blocked.raw().headers().firstValue("Retry-After")).isPresent();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
				.until(() -> fhir.tokenResponse("ehr-system", "ehr-system-secret", null).status() == 200);
	}

	@Test
	void afterFiveWrongPasswordsTheLoginPageAsksThePersonToWait() {
		SignInFlow browser = new SignInFlow(fhir.root());
		Map<String, String> request = SignInFlow.request(
				"openid fhirUser user/*.rs", SignInFlow.Pkce.create(), fhir.base());
		for (int i = 0; i < 5; i++) {
			assertThat(browser.authorize(request, "dr-brooks", "guess-" + i).body()).contains("not right");
		}

		HttpResponse<String> blocked = browser.authorize(request, "dr-brooks", "dr-brooks-password");

		assertThat(blocked.body()).contains("Too many failed sign-ins").doesNotContain("code=");
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
				.until(() -> new SignInFlow(fhir.root()).authorize(request, "dr-brooks", "dr-brooks-password")
						.statusCode() == 302);
	}
}
