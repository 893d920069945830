package uk.concord.coordination;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.concord.record.Vocabulary;

/**
 * The criteria Concord accepts on a Subscription: changes to one patient's care records, or to the care teams one
 * organisation takes part in. Both are single-parameter searches HAPI matches in memory, on the node that committed
 * the write. Anything else is refused, so that what a subscription covers can be checked against its creator's
 * access when it is made and again at each delivery.
 *
 * @param type         the resource type watched
 * @param patient      {@code Patient/x} for {@code {type}?patient=Patient/x}; null otherwise
 * @param organisation the ODS code for {@code CareTeam?participant-organization=...|code}; null otherwise
 */
record SubscriptionCriteria(String type, String patient, String organisation) {

	static final Set<String> TYPES = Set.of("CarePlan", "CareTeam", "DocumentReference", "Flag", "Condition", "Task");

	static final String FORMS = "{type}?patient=Patient/{id} for CarePlan, CareTeam, DocumentReference, Flag, "
			+ "Condition or Task; or CareTeam?participant-organization=" + Vocabulary.ODS_CODE + "|{ODS code}";

	private static final Pattern BY_PATIENT = Pattern.compile("([A-Za-z]+)\\?patient=(Patient/[A-Za-z0-9.-]{1,64})");
	private static final Pattern BY_ORGANISATION = Pattern.compile(
			"CareTeam\\?participant-organization=" + Pattern.quote(Vocabulary.ODS_CODE) + "\\|([A-Za-z0-9]{1,12})");

	/** @throws UnprocessableEntityException (422) for any other form, naming the forms accepted */
	static SubscriptionCriteria parse(String criteria) {
		String text = criteria == null ? "" : criteria.trim();
		Matcher patient = BY_PATIENT.matcher(text);
		if (patient.matches()) {
			if (!TYPES.contains(patient.group(1))) {
				throw refused("Subscriptions may watch " + String.join(", ", TYPES.stream().sorted().toList())
						+ ", not " + patient.group(1));
			}
			return new SubscriptionCriteria(patient.group(1), patient.group(2), null);
		}
		Matcher organisation = BY_ORGANISATION.matcher(text);
		if (organisation.matches()) {
			return new SubscriptionCriteria("CareTeam", null, organisation.group(1));
		}
		throw refused("Subscription.criteria '" + text + "' is not one Concord accepts");
	}

	private static UnprocessableEntityException refused(String why) {
		return new UnprocessableEntityException(why + ". Accepted criteria: " + FORMS);
	}
}
