package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** Concord's bearer header reading against Spring's default resolver, which it replaces. */
class BearerHeaderTest {

	static final BearerTokenResolver SPRING = new DefaultBearerTokenResolver();
	static final BearerTokenResolver CONCORD = new BearerHeader();

	@Test
	void aWellFormedBearerHeaderGivesItsTokenInAnyCaseOfTheScheme() {
		assertThat(CONCORD.resolve(request("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"))).isEqualTo(
				"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
		assertThat(CONCORD.resolve(request("bEARER abc+/~_.-=="))).isEqualTo("abc+/~_.-==");
	}

	@Test
	void noHeaderOrAnotherSchemeGivesNoToken() {
		assertThat(CONCORD.resolve(new MockHttpServletRequest("GET", "/fhir/metadata"))).isNull();
		assertThat(CONCORD.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
	}

	@Test
	void aMalformedBearerHeaderIsRefusedAsAnInvalidToken() {
		for (String malformed : List.of("Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer abc=d",
				"Bearer ab\u00e9", "Bearerabc", "Bearer abc\n", "Bearer =")) {
			assertThatThrownBy(() -> CONCORD.resolve(request(malformed))).as(malformed)
					.isInstanceOfSatisfying(OAuth2AuthenticationException.class, refused -> {
						assertThat(refused.getError().getErrorCode()).isEqualTo("invalid_token");
						assertThat(refused.getError().getDescription()).isEqualTo("Bearer token is malformed");
					});
		}
	}

	@Test
	void everyHeaderIsAnsweredAsSpringsDefaultResolverAnswersIt() {
		List<String> headers = new ArrayList<>(List.of("Bearer", "Bearer ", "bearer x", "BEARER x==", "Bearer x=y",
				"Bearer\tx", "Bearer x ", " Bearer x", "Bearerx", "Bear x", "Basic x", "", "Bearer \u212a", "Bearer x\n"));
		Random random = new Random(44);
		String alphabet = "Bb eEaArR=+/~_.-09zZ\t\u00e9\u212a\n";
		for (int i = 0; i < 50_000; i++) {
			StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
			for (int length = random.nextInt(10); length > 0; length--) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			headers.add(header.toString());
		}
		for (String header : headers) {
			assertThat(answer(CONCORD, header)).as(header).isEqualTo(answer(SPRING, header));
		}
	}

	private static String answer(BearerTokenResolver resolver, String header) {
		try {
			return "token " + resolver.resolve(request(header));
		} catch (OAuth2AuthenticationException refused) {
			return "refused " + refused.getError().getErrorCode() + " " + refused.getError().getDescription();
		}
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient/x");
		request.addHeader("Authorization", authorization);
		return request;
	}
}
