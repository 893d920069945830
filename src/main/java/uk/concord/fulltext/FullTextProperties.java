package uk.concord.fulltext;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Full-text search ({@code concord.fulltext.*}).
 *
 * @param attachmentTextMaxCharacters how much of a plain-text document attachment is indexed for {@code _content}
 * @param catchUpInterval             how often the cluster looks for resources whose index write did not happen,
 *                                    and how old their record must be to count as missed
 * @param retryUnindexableAfter       how long the cluster's runs leave a resource they could not index before trying
 *                                    it again (a start tries it at once)
 */
@Validated
@ConfigurationProperties("concord.fulltext")
public record FullTextProperties(
		@Min(0) int attachmentTextMaxCharacters,
		@NotNull @DurationMin(seconds = 1) Duration catchUpInterval,
		@NotNull @DurationMin(seconds = 0) Duration retryUnindexableAfter) {}
