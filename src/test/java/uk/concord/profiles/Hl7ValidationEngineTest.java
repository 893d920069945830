package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.concord.testing.GuideFiles;
import uk.concord.testing.OfflineHl7Validator;

/**
 * The guide's examples and counter-examples checked by the HL7 validation engine itself (the engine behind
 * validator_cli.jar), offline, against the built package {@code target/classes/fhir-package/concord.fhir.r4.tgz}
 * and an R4 core package built from the classpath: every example (including the transaction bundles) has no error,
 * and every counter-example has an error containing the text {@code ig/counter-examples/expected-errors.json} gives
 * for it. The server's own validator (HAPI) is checked against the same files by {@link ProfileEnforcementIT}.
 */
class Hl7ValidationEngineTest {

	static Stream<Path> examples() {
		try (Stream<Path> files = Files.walk(GuideFiles.EXAMPLES)) {
			return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Stream<Path> counterExamples() {
		return GuideFiles.counterExamples().stream();
	}

	@Test
	void concordProfilesAreLoadedFromTheBuiltPackage() {
		StructureDefinition patient = OfflineHl7Validator.shared().engine().getContext()
				.fetchResource(StructureDefinition.class, "https://fhir.concord.org.uk/StructureDefinition/RareDiseasePatient");

		assertThat(patient).as("RareDiseasePatient loaded from " + OfflineHl7Validator.BUILT_PACKAGE).isNotNull();
		assertThat(patient.getSourcePackage()).isNotNull();
		assertThat(patient.getSourcePackage().getId()).isEqualTo("concord.fhir.r4");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyExampleValidatesWithoutErrors(Path example) {
		List<ValidationMessage> messages = OfflineHl7Validator.shared().validate(example);

		assertThat(OfflineHl7Validator.errors(messages))
				.as("errors for %s:%s", example, OfflineHl7Validator.describe(messages))
				.isEmpty();
	}

	/**
	 * Counter-examples whose broken rule is the type of the resource a reference points to. The server checks the
	 * stored target; this engine runs offline and resolves no references, so it accepts them: where the two
	 * validators disagree, this says so, and fails if the engine starts to catch them.
	 */
	static final Set<String> ONLY_THE_SERVER_RESOLVES_REFERENCES = Set.of(
			"CarePlan-fail-care-plan-device-author.json",
			"DocumentReference-fail-document-patient-author.json",
			"Flag-fail-alert-plan-link-to-condition.json",
			"Patient-fail-patient-gp-practitioner.json");

	@ParameterizedTest(name = "{0}")
	@MethodSource("counterExamples")
	void everyCounterExampleIsRejectedWithItsExpectedError(Path counterExample) {
		String expected = GuideFiles.expectedErrors().get(counterExample.getFileName().toString());
		assertThat(expected)
				.as("%s is not listed in %s", counterExample.getFileName(), GuideFiles.COUNTER_EXAMPLES.resolve("expected-errors.json"))
				.isNotNull();

		List<ValidationMessage> messages = OfflineHl7Validator.shared().validate(counterExample);

		if (ONLY_THE_SERVER_RESOLVES_REFERENCES.contains(counterExample.getFileName().toString())) {
			assertThat(OfflineHl7Validator.errors(messages))
					.as("the offline engine now catches %s:%s; move it out of ONLY_THE_SERVER_RESOLVES_REFERENCES",
							counterExample, OfflineHl7Validator.describe(messages))
					.noneMatch(m -> OfflineHl7Validator.mentions(m, expected));
			return;
		}

		assertThat(OfflineHl7Validator.errors(messages))
				.as("an error containing \"%s\" for %s; got:%s", expected, counterExample, OfflineHl7Validator.describe(messages))
				.anyMatch(m -> OfflineHl7Validator.mentions(m, expected));
	}

	@Test
	void everyExpectedErrorNamesAnExistingCounterExample() {
		assertThat(GuideFiles.expectedErrors().keySet())
				.allSatisfy(file -> assertThat(GuideFiles.COUNTER_EXAMPLES.resolve(file)).isRegularFile());
	}
}
