package uk.concord.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 * @param carerConfirmationAge the age from which a patient must confirm a carer's access (a CarerAccessConsent)
 *                             for the carer to keep it
 */
@Validated
@ConfigurationProperties("concord.security")
public record SecurityProperties(
		@NotBlank String issuer,
		@NotBlank String audience,
		String jwkSetUri,
		String authorizeEndpoint,
		String tokenEndpoint,
		@NotNull @Valid DevServer devServer,
		@DefaultValue("16") @Min(0) int carerConfirmationAge) {

	/**
	 * @param enabled       serve {@code /oauth2/*} with the demo clients and users; off in production
	 * @param tokenLifetime how long an issued access token is valid
	 * @param clients       the registered client applications
	 * @param users         the people who can sign in on its login page (authorization code grant)
	 * @param throttle      how failed client authentications and sign-ins are slowed down
	 */
	public record DevServer(
			boolean enabled,
			@NotNull Duration tokenLifetime,
			@NotNull @Valid List<Client> clients,
			@NotNull @Valid List<User> users,
			@NotNull @Valid Throttle throttle) {

		@AssertTrue(message = "client ids must be unique")
		public boolean isClientIdsUnique() {
			return clients == null || clients.stream().map(Client::id).distinct().count() == clients.size();
		}

		@AssertTrue(message = "user names must be unique")
		public boolean isUsernamesUnique() {
			return users == null || users.stream().map(User::username).distinct().count() == users.size();
		}
	}

	/**
	 * A registered client of the development server. How it authenticates follows from what is given: a
	 * {@code secret} (client_secret_basic or _post), a {@code jwks} or {@code jwksUri} (private_key_jwt, SMART Backend
	 * Services), or neither: a public app, which must use the authorization code grant with PKCE.
	 *
	 * @param id           client id
	 * @param secret       client secret
	 * @param jwks         the client's public keys, a JSON Web Key Set given inline
	 * @param jwksUri      where the client publishes its public keys
	 * @param redirectUris where the authorization code grant may send the user back (authorization code grant on)
	 * @param scopes       scopes it may be granted (all of them when it asks for none)
	 * @param patient      for a patient app using client credentials, the patient its tokens are bound to
	 * @param fhirUser     the user it acts for, e.g. {@code Practitioner/pract-gp-riverside} ({@code fhirUser} claim)
	 * @param organization the ODS code of the user's organisation ({@code organization} claim)
	 */
	public record Client(
			@NotBlank String id,
			String secret,
			String jwks,
			String jwksUri,
			List<String> redirectUris,
			@NotNull List<String> scopes,
			String patient,
			String fhirUser,
			String organization) {

		public Client {
			redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
		}

		public boolean hasSecret() {
			return secret != null && !secret.isBlank();
		}

		public boolean hasKeys() {
			return (jwks != null && !jwks.isBlank()) || (jwksUri != null && !jwksUri.isBlank());
		}

		/** Neither secret nor keys: an app in a browser or on a phone, which can keep no secret. */
		public boolean isPublic() {
			return !hasSecret() && !hasKeys();
		}

		@AssertTrue(message = "a public client (no secret, jwks or jwks-uri) needs redirect-uris")
		public boolean isPublicClientRedirected() {
			return !isPublic() || !redirectUris.isEmpty();
		}

		@AssertTrue(message = "give the client's keys either inline (jwks) or by URL (jwks-uri), not both")
		public boolean isOneKeySource() {
			return jwks == null || jwks.isBlank() || jwksUri == null || jwksUri.isBlank();
		}
	}

	/**
	 * A person who signs in to the development server's login page, and whom the tokens of the apps they sign in to
	 * act for. A patient or carer is bound to one patient's record: their tokens carry {@code patient/} scopes and
	 * that patient as launch context. A clinician or staff member works for an organisation: {@code user/} scopes
	 * and its ODS code.
	 *
	 * @param username     the name typed on the login page
	 * @param password     the password typed on the login page (demo users only: never real people's)
	 * @param name         how the login page greets them
	 * @param fhirUser     who they are in FHIR: {@code Patient/..}, {@code RelatedPerson/..} or {@code Practitioner/..}
	 * @param patient      the id of the patient whose record they may see (patients, parents and carers)
	 * @param organization the ODS code of the organisation they work for (clinicians and staff)
	 * @param scopes       the SMART data scopes they may be granted ({@code patient/..} with a patient,
	 *                     {@code user/..} with an organisation)
	 */
	public record User(
			@NotBlank String username,
			@NotBlank String password,
			String name,
			@NotBlank @Pattern(regexp = "(Patient|RelatedPerson|Practitioner|PractitionerRole)/[A-Za-z0-9\\-.]{1,64}")
					String fhirUser,
			@Pattern(regexp = "[A-Za-z0-9\\-.]{1,64}") String patient,
			@Pattern(regexp = "[A-Z0-9]{3,10}", message = "must be an ODS code") String organization,
			@NotNull List<String> scopes) {

		private Set<String> contexts() {
			return scopes == null ? Set.of() : scopes.stream()
					.map(scope -> scope.contains("/") ? scope.substring(0, scope.indexOf('/')) : scope)
					.collect(Collectors.toSet());
		}

		@AssertTrue(message = "a Patient or RelatedPerson user needs the patient whose record they see, and no organization")
		public boolean isPatientOrCarerBound() {
			boolean person = fhirUser != null && (fhirUser.startsWith("Patient/") || fhirUser.startsWith("RelatedPerson/"));
			return !person || (patient != null && organization == null);
		}

		@AssertTrue(message = "patient/ scopes need a patient, user/ scopes an organization, and system/ scopes are for clients only")
		public boolean isScopesMatchTheBinding() {
			Set<String> contexts = contexts();
			return !contexts.contains("system")
					&& (!contexts.contains("patient") || patient != null)
					&& (!contexts.contains("user") || organization != null);
		}

		/** The user of a patient or carer: tokens for them carry the patient as launch context. */
		public boolean isBoundToPatient() {
			return patient != null;
		}
	}

	/**
	 * After {@code maxFailuresPerClient} failed authentications of one client id (or {@code maxFailuresPerAddress}
	 * from one remote address, or sign-ins of one user name), each further failure blocks that key for
	 * {@code firstBlock}, doubled each time, at most {@code longestBlock}; blocked requests are answered 429 with
	 * {@code Retry-After}. A success forgets the failures; so do 15 minutes without one.
	 */
	public record Throttle(
			@Min(1) int maxFailuresPerClient,
			@Min(1) int maxFailuresPerAddress,
			@NotNull Duration firstBlock,
			@NotNull Duration longestBlock) {}
}
