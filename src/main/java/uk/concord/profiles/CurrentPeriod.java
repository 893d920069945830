package uk.concord.profiles;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Period;

/**
 * Whether a period (a care team participant's, say) is current: started, or no start, and not yet ended, at day
 * precision. An end of today is still current; a start of tomorrow is not yet. This is the rule the invariant
 * {@code concord-one-coordinator} enforces in FHIRPath (CurrentPeriodTest checks that both agree); code that shows
 * who is current uses this class rather than comparing dates itself.
 */
public final class CurrentPeriod {

	private CurrentPeriod() {}

	public static boolean isCurrent(Period period, LocalDate today) {
		String day = today.toString();
		boolean started = !period.hasStart() || compare(period.getStartElement().getValueAsString(), day) <= 0;
		boolean ended = period.hasEnd() && compare(period.getEndElement().getValueAsString(), day) < 0;
		return started && !ended;
	}

	/**
	 * Compares a FHIR date or dateTime with a day (yyyy-MM-dd) at the precision both have: 2026, 2026-11 and
	 * 2026-11-30T18:00:00Z all equal 2026-11-30. Equal-length ISO dates compare correctly as strings.
	 */
	private static int compare(String dateOrDateTime, String day) {
		int length = Math.min(Math.min(dateOrDateTime.length(), 10), day.length());
		return dateOrDateTime.substring(0, length).compareTo(day.substring(0, length));
	}
}
