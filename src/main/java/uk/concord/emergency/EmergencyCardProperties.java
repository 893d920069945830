package uk.concord.emergency;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The emergency card ({@code concord.emergency-card.*}). Every key is documented in README.md.
 *
 * @param validFor              how long a new card works before it must be re-issued
 * @param viewFor               how long the emergency view stays open after one scan; then the card is scanned again
 * @param maxFailuresPerAddress scans of unknown, revoked or expired cards from one address before it is blocked
 * @param block                 how long an address that failed too often is refused (429), counted from its last failure
 * @param demoToken             the token of the demo patient's card (loaded with the demo data); empty: no demo card
 */
@Validated
@ConfigurationProperties("concord.emergency-card")
public record EmergencyCardProperties(
		@NotNull Duration validFor,
		@NotNull Duration viewFor,
		@Min(1) @Max(10_000) int maxFailuresPerAddress,
		@NotNull Duration block,
		@Pattern(regexp = "|[A-Za-z0-9_-]{43}", message = "must be empty or 43 base64url characters (256 bits)")
				String demoToken) {}
