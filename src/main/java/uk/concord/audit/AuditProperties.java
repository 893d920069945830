package uk.concord.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail ({@code concord.audit.*}). Every key is documented in README.md.
 *
 * @param enabled       record an AuditEvent for every access to patient data (turning it off is for benchmarks)
 * @param queueCapacity audit records waiting to be written; when full, requests wait rather than lose one
 * @param maxDelay      longest a record waits for a pause between requests before it is written anyway
 */
@Validated
@ConfigurationProperties("concord.audit")
public record AuditProperties(boolean enabled, @Min(1) @Max(1_000_000) int queueCapacity, @NotNull Duration maxDelay) {}
