package uk.concord.coordination;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Coordination of the team ({@code concord.coordination.*}).
 *
 * @param reviewLeadTime         how long before a plan's next review date its review Task is made
 * @param reviewCheckInterval    how often the cluster looks for plans whose review is coming up (one node runs it)
 * @param transitionAge          the age from which a patient without a transition plan is a gap
 * @param splitVisitWindow       booked appointments at different organisations on different days within this
 *                               window could have been one combined visit
 * @param genomicTestLookback    how far back a genomic test request or report counts for an undiagnosed patient
 * @param gapsSnapshotOverlap    how far before its last look the gaps report's in-memory snapshot reads the history
 *                               again: longer than a write can take between starting and committing
 */
@Validated
@ConfigurationProperties("concord.coordination")
public record CoordinationProperties(
		@NotNull @DurationMin(hours = 1) Duration reviewLeadTime,
		@NotNull @DurationMin(seconds = 1) Duration reviewCheckInterval,
		@Min(0) int transitionAge,
		@NotNull @DurationMin(days = 1) Duration splitVisitWindow,
		@NotNull @DurationMin(days = 1) Duration genomicTestLookback,
		@NotNull @DurationMin(seconds = 1) Duration gapsSnapshotOverlap) {}
