package uk.concord.fulltext;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Full-text search ({@code concord.fulltext.*}).
 *
 * @param attachmentTextMaxCharacters how much of a plain-text document attachment is indexed for {@code _content}
 */
@Validated
@ConfigurationProperties("concord.fulltext")
public record FullTextProperties(@Min(0) int attachmentTextMaxCharacters) {}
