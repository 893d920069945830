package uk.concord.security;

import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall with its own rules for header and parameter names and header values, checked without
 * a regular expression. Its default rules are Unicode-property patterns matched again each time anything reads a
 * header (HAPI reads them all on every request), and over a bearer token of a kilobyte that was 4.6 % of a read's
 * request CPU (bench/RESULTS.md, run 44). The rules are the same: every character assigned in Unicode and not a
 * control character, a tab allowed in header values ({@code HeaderCharactersTest} compares both over every code point).
 */
final class HeaderCharacters {

	private HeaderCharacters() {}

	static HttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters::isAllowedName);
		firewall.setAllowedParameterNames(HeaderCharacters::isAllowedName);
		firewall.setAllowedHeaderValues(HeaderCharacters::isAllowedHeaderValue);
		return firewall;
	}

	/** Spring's {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
	static boolean isAllowedName(String name) {
		return allowed(name, false);
	}

	/** Spring's {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}. */
	static boolean isAllowedHeaderValue(String value) {
		return allowed(value, true);
	}

	private static boolean allowed(String text, boolean tab) {
		for (int i = 0; i < text.length(); ) {
			char c = text.charAt(i);
			if (c >= ' ' && c < 0x7F) {
				// printable ASCII: assigned, not a control character
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (!Character.isDefined(codePoint) || (Character.isISOControl(codePoint) && !(tab && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}
}
