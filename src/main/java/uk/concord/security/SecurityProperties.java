package uk.concord.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call Concord ({@code concord.security.*}). Every key is documented in README.md.
 *
 * @param issuer    the token issuer ({@code iss}) Concord trusts; with the development server on, its own address
 * @param audience  the audience ({@code aud}) a token must name to be accepted here
 * @param jwkSetUri where the issuer publishes its signing keys; required when the development server is off
 * @param authorizeEndpoint the issuer's authorization endpoint, published in the SMART configuration
 * @param tokenEndpoint     the issuer's token endpoint, published in the SMART configuration
 * @param devServer the development authorization server inside Concord
 */
@Validated
@ConfigurationProperties("concord.security")
public record SecurityProperties(
		@NotBlank String issuer,
		@NotBlank String audience,
		String jwkSetUri,
		String authorizeEndpoint,
		String tokenEndpoint,
		@NotNull @Valid DevServer devServer) {

	/**
	 * @param enabled       serve {@code /oauth2/token} and {@code /oauth2/jwks} with the demo clients; off in production
	 * @param tokenLifetime how long an issued access token is valid
	 * @param clients       the registered clients
	 */
	public record DevServer(boolean enabled, @NotNull Duration tokenLifetime, @NotNull @Valid List<Client> clients) {}

	/**
	 * A registered client of the development server (client credentials grant).
	 *
	 * @param id           client id
	 * @param secret       client secret
	 * @param scopes       SMART scopes it may be granted (all of them when it asks for none)
	 * @param patient      for a patient app, the patient id its tokens are bound to ({@code patient} claim)
	 * @param fhirUser     the user it acts for, e.g. {@code Practitioner/pract-gp-riverside} ({@code fhirUser} claim)
	 * @param organization the ODS code of the user's organisation ({@code organization} claim)
	 */
	public record Client(
			@NotBlank String id,
			@NotBlank String secret,
			@NotNull List<String> scopes,
			String patient,
			String fhirUser,
			String organization) {}
}
