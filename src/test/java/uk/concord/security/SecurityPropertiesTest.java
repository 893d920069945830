package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.concord.security.SecurityProperties.Client;
import uk.concord.security.SecurityProperties.User;

/** The development server's clients and users are checked at start-up, with messages saying what is wrong. */
class SecurityPropertiesTest {

	static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void aParentBoundToTheirChildAndAClinicianAtAPracticeAreValid() {
		assertThat(problems(new User("claire", "pw", "Claire", "RelatedPerson/dmd-mother", "dmd-child", null,
				List.of("patient/*.rs")))).isEmpty();
		assertThat(problems(new User("dr-brooks", "pw", null, "Practitioner/pract-gp-riverside", null, "Y90001",
				List.of("user/*.rs")))).isEmpty();
	}

	@Test
	void aCarerWithoutThePatientTheyCareForIsRefused() {
		assertThat(problems(new User("carer", "pw", null, "RelatedPerson/x", null, null, List.of())))
				.anyMatch(message -> message.contains("needs the patient"));
	}

	@Test
	void scopesMustMatchWhatTheUserIsBoundTo() {
		assertThat(problems(new User("dr", "pw", null, "Practitioner/p", null, null, List.of("user/*.rs"))))
				.anyMatch(message -> message.contains("user/ scopes an organization"));
		assertThat(problems(new User("dr", "pw", null, "Practitioner/p", null, "Y90001", List.of("system/*.rs"))))
				.anyMatch(message -> message.contains("system/ scopes are for clients only"));
		assertThat(problems(new User("x", "pw", null, "Device/d", null, null, List.of())))
				.anyMatch(message -> message.contains("must match"));
	}

	@Test
	void aPublicClientNeedsRedirectUrisAndKeysComeFromOneSource() {
		assertThat(clientProblems(new Client("app", null, null, null, List.of(), List.of("openid"), null, null, null)))
				.anyMatch(message -> message.contains("needs redirect-uris"));
		assertThat(clientProblems(new Client("svc", null, "{\"keys\":[]}", "https://keys.example/jwks", null,
				List.of("system/*.rs"), null, null, null)))
				.anyMatch(message -> message.contains("not both"));
		assertThat(clientProblems(new Client("svc", "secret", null, null, null, List.of("system/*.rs"), null, null, null)))
				.isEmpty();
	}

	@Test
	void theCarerConfirmationAgeIsZeroOrMore() {
		assertThat(VALIDATOR.validateValue(SecurityProperties.class, "carerConfirmationAge", -1)).isNotEmpty();
		assertThat(VALIDATOR.validateValue(SecurityProperties.class, "carerConfirmationAge", 0)).isEmpty();
		assertThat(VALIDATOR.validateValue(SecurityProperties.class, "carerConfirmationAge", 16)).isEmpty();
	}

	private static Set<String> problems(User user) {
		return messages(VALIDATOR.validate(user));
	}

	private static Set<String> clientProblems(Client client) {
		return messages(VALIDATOR.validate(client));
	}

	private static <T> Set<String> messages(Set<ConstraintViolation<T>> violations) {
		return violations.stream().map(ConstraintViolation::getMessage).collect(Collectors.toSet());
	}
}
