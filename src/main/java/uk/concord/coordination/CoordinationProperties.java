package uk.concord.coordination;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Coordination of the team ({@code concord.coordination.*}).
 *
 * @param reviewLeadTime         how long before a plan's next review date its review Task is made
 * @param reviewCheckInterval    how often the cluster looks for plans whose review is coming up (one node runs it)
 * @param transitionAge          the age from which a patient without a transition plan is a gap
 * @param transitionEndAge       the age from which a patient is taken to be in adult services, so no longer a
 *                               transition gap (transition support lasts up to 25 in NICE NG43)
 * @param splitVisitWindow       booked appointments at different organisations on different days within this
 *                               window could have been one combined visit
 * @param genomicTestLookback    how far back a genomic test request or report counts for an undiagnosed patient
 * @param gapsSnapshotOverlap    how far before its last look the gaps report's in-memory snapshot reads the history
 *                               again: longer than a write can take between starting and committing
 * @param subscriptions          notifying team systems of changes (REST-hook Subscriptions)
 */
@Validated
@ConfigurationProperties("concord.coordination")
public record CoordinationProperties(
		@NotNull @DurationMin(hours = 1) Duration reviewLeadTime,
		@NotNull @DurationMin(seconds = 1) Duration reviewCheckInterval,
		@Min(0) int transitionAge,
		@Min(1) int transitionEndAge,
		@NotNull @DurationMin(days = 1) Duration splitVisitWindow,
		@NotNull @DurationMin(days = 1) Duration genomicTestLookback,
		@NotNull @DurationMin(seconds = 1) Duration gapsSnapshotOverlap,
		@NotNull @Valid Subscriptions subscriptions) {

	/**
	 * @param matchingInterval how often the changes waiting to be matched against Subscriptions are taken (HAPI
	 *                        queues each change in the database and matches the queue on a schedule, once per
	 *                        cluster): at most this long passes between a commit and its matching
	 * @param endpoints       the URL prefixes a Subscription's REST-hook endpoint may start with (e.g.
	 *                        {@code https://teams.example.nhs.uk/}); any other endpoint is refused, so that the
	 *                        server cannot be made to call into networks it should not reach
	 * @param firstRetryAfter how long after a failed delivery it is first retried; each wait is half as long again
	 * @param giveUpAfter     how long a delivery is retried before the Subscription is set to {@code error}
	 */
	public record Subscriptions(
			@NotNull @DurationMin(millis = 100) Duration matchingInterval,
			@NotNull List<String> endpoints,
			@NotNull @DurationMin(millis = 10) Duration firstRetryAfter,
			@NotNull @DurationMin(millis = 100) Duration giveUpAfter) {}
}
