package uk.concord.coordination;

import java.time.LocalDate;
import java.time.YearMonth;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/**
 * Dates at day precision, as the record states them: a date given to the month or year covers the whole month or
 * year. Whether a period is current is {@link uk.concord.profiles.CurrentPeriod}'s rule, the profiles' own.
 */
final class CareDates {

	private CareDates() {}

	/** The first day the value covers, or null when it has none. */
	static LocalDate first(BaseDateTimeType value) {
		String text = text(value);
		if (text == null) {
			return null;
		}
		return switch (text.length()) {
			case 4 -> LocalDate.of(Integer.parseInt(text), 1, 1);
			case 7 -> YearMonth.parse(text).atDay(1);
			default -> LocalDate.parse(text.substring(0, 10));
		};
	}

	/** The last day the value covers, or null when it has none. */
	static LocalDate last(BaseDateTimeType value) {
		String text = text(value);
		if (text == null) {
			return null;
		}
		return switch (text.length()) {
			case 4 -> LocalDate.of(Integer.parseInt(text), 12, 31);
			case 7 -> YearMonth.parse(text).atEndOfMonth();
			default -> LocalDate.parse(text.substring(0, 10));
		};
	}

	private static String text(BaseDateTimeType value) {
		return value == null || !value.hasValue() ? null : value.getValueAsString();
	}
}
