package uk.concord.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Valid NHS Numbers (Modulus 11 check digit) for tests, random so that tests never collide on stored data, and never
 * the same twice in one run: a shared test server holds every test's patients, and one number drawn twice (hundreds
 * are drawn per run) fails a test by chance on the NHS Number's uniqueness.
 */
public final class NhsNumbers {

	public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

	private static final Set<String> GIVEN = ConcurrentHashMap.newKeySet();

	private NhsNumbers() {}

	public static String random() {
		while (true) {
			StringBuilder digits = new StringBuilder("9");
			for (int i = 1; i < 9; i++) {
				digits.append(ThreadLocalRandom.current().nextInt(10));
			}
			int check = checkDigit(digits.toString());
			if (check != 10 && GIVEN.add(digits.toString() + check)) {
				return digits.append(check).toString();
			}
		}
	}

	/** The NHS Data Dictionary algorithm: weights 10..2, 11 - (sum mod 11), 11 becomes 0, 10 means invalid. */
	public static int checkDigit(String firstNine) {
		int sum = 0;
		for (int i = 0; i < 9; i++) {
			sum += (firstNine.charAt(i) - '0') * (10 - i);
		}
		int check = 11 - (sum % 11);
		return check == 11 ? 0 : check;
	}
}
