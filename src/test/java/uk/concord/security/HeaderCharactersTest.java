package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** Concord's firewall rules against Spring's own patterns, which they replace. */
class HeaderCharactersTest {

	@Test
	void everyCodePointIsAllowedInANameOrHeaderValueExactlyWhenSpringsPatternsAllowIt() {
		List<Integer> differ = new ArrayList<>();
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String alone = new String(Character.toChars(codePoint));
			String amid = "a" + alone + "b";
			if (HeaderCharacters.isAllowedName(alone) != StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(alone)
					|| HeaderCharacters.isAllowedName(amid) != StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(amid)
					|| HeaderCharacters.isAllowedHeaderValue(alone) != StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(alone)
					|| HeaderCharacters.isAllowedHeaderValue(amid) != StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(amid)) {
				differ.add(codePoint);
			}
		}
		assertThat(differ).isEmpty();
	}

	@Test
	void controlCharactersAreRefusedAndATabOnlyInAHeaderValue() {
		assertThat(HeaderCharacters.isAllowedHeaderValue("Bearer abc\tdef")).isTrue();
		assertThat(HeaderCharacters.isAllowedName("X-\tName")).isFalse();
		assertThat(HeaderCharacters.isAllowedHeaderValue("abc\r\nSet-Cookie: x")).isFalse();
		assertThat(HeaderCharacters.isAllowedHeaderValue("abc\u0000")).isFalse();
		assertThat(HeaderCharacters.isAllowedHeaderValue("caf\u00e9 \ud83d\ude00")).isTrue();
		// an unassigned code point
		assertThat(HeaderCharacters.isAllowedHeaderValue("a\u0378")).isFalse();
	}

	@Test
	void randomStringsOfMixedCharactersAreJudgedAsSpringJudgesThem() {
		Random random = new Random(12);
		char[] alphabet = {'a', 'Z', '0', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u00e9', '\u0378', '\ud83d',
				'\ude00', '\udbff', '\udfff', '\uffff', '\ufffd', '='};
		for (int i = 0; i < 50_000; i++) {
			StringBuilder text = new StringBuilder();
			for (int length = random.nextInt(12); length > 0; length--) {
				text.append(alphabet[random.nextInt(alphabet.length)]);
			}
			String s = text.toString();
			assertThat(HeaderCharacters.isAllowedName(s)).as(s).isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(s));
			assertThat(HeaderCharacters.isAllowedHeaderValue(s)).as(s)
					.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(s));
		}
	}

	@Test
	void theFirewallRefusesAHeaderValueWithALineBreakWhenItIsRead() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient/x");
		request.addHeader("X-Forwarded-Host", "example.org\r\nX-Injected: yes");
		request.addHeader("Accept", "application/fhir+json");
		var firewalled = HeaderCharacters.firewall().getFirewalledRequest(request);

		assertThat(firewalled.getHeader("Accept")).isEqualTo("application/fhir+json");
		assertThatThrownBy(() -> firewalled.getHeader("X-Forwarded-Host")).isInstanceOf(RequestRejectedException.class);
	}
}
