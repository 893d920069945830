package uk.concord.coordination;

import java.time.LocalDate;
import java.time.YearMonth;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;

/**
 * Dates at day precision, as the record states them: a period that ends today is still current today, one that
 * starts tomorrow is not current yet. A date given to the month or year covers the whole month or year.
 */
final class CareDates {

	private CareDates() {}

	/** Whether the period has started (or has no start) and has not yet ended (or has no end) on {@code day}. */
	static boolean isCurrent(Period period, LocalDate day) {
		if (period == null || period.isEmpty()) {
			return true;
		}
		LocalDate start = first(period.getStartElement());
		LocalDate end = last(period.getEndElement());
		return (start == null || !start.isAfter(day)) && (end == null || !end.isBefore(day));
	}

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
