package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.GuideFiles;
import uk.concord.testing.Outcomes;
import uk.concord.testing.NhsNumbers;

/**
 * The server enforces the guide: every example is accepted, every counter-example is refused with 422 and the
 * message the guide promises, and $validate says the same. The shared test server has loaded the guide's records
 * as demo data, so the examples' references resolve.
 */
@EmbeddedServerTest
class ProfileEnforcementIT {

	FhirHttp fhir;

	static Stream<Path> examples() {
		return GuideFiles.examples().stream();
	}

	static Stream<Path> counterExamples() {
		return GuideFiles.counterExamples().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyGuideExampleIsAcceptedAsANewResource(Path example) {
		// The server holds the guide's records already (demo data), so the copy's references resolve.
		Resource resource = (Resource) FhirHttp.R4.newJsonParser().parseResource(GuideFiles.read(example));
		resource.setId((String) null);
		if (resource instanceof Patient patient) {
			// the guide's patient holds its NHS Number already, and a second record of it would be refused (409)
			patient.getIdentifier().stream().filter(i -> NhsNumbers.SYSTEM.equals(i.getSystem()))
					.forEach(i -> i.setValue(NhsNumbers.random()));
		}

		FhirHttp.Response response =
				fhir.post(resource.fhirType(), "application/fhir+json", FhirHttp.R4.newJsonParser().encodeResourceToString(resource));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		// The copy served its purpose: remove it so that the shared server keeps one record per NHS Number.
		String location = response.raw().headers().firstValue("Location").orElseThrow();
		removeCopy(location);
	}

	/**
	 * Seen once in ~40 runs: the DELETE of a just-created CareTeam copy answered 409 (a conflict: something held or
	 * referred to it for a moment; the log kept no more). The copy's removal is house-keeping, not what is tested, so
	 * it is asked again for a few seconds; an answer that stays wrong fails with its outcome.
	 */
	private void removeCopy(String location) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			FhirHttp.Response deleted = fhir.delete(location);
			assertThat(deleted.status()).as(deleted.body()).isIn(200, 204);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyGuideExampleValidatesWithoutErrors(Path example) {
		Resource resource = (Resource) FhirHttp.R4.newJsonParser().parseResource(GuideFiles.read(example));

		FhirHttp.Response response = fhir.post(resource.fhirType() + "/$validate", "application/fhir+json", GuideFiles.read(example));

		assertThat(Outcomes.errors(response.as(OperationOutcome.class))).as(response.body()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("counterExamples")
	void everyCounterExampleIsRefusedWith422AndItsExpectedMessage(Path counterExample) {
		Resource resource = (Resource) FhirHttp.R4.newJsonParser().parseResource(GuideFiles.read(counterExample));
		resource.setId((String) null);
		String expected = GuideFiles.expectedErrors().get(counterExample.getFileName().toString());

		FhirHttp.Response response =
				fhir.post(resource.fhirType(), "application/fhir+json", FhirHttp.R4.newJsonParser().encodeResourceToString(resource));

		assertThat(expected).as("expected-errors.json names the error of " + counterExample).isNotBlank();
		assertThat(response.status()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getDiagnostics()).contains(expected);
			assertThat(issue.getExpression()).isNotEmpty();
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("counterExamples")
	void validateOperationReportsTheSameErrorWithAndWithoutAProfileParameter(Path counterExample) {
		Resource resource = (Resource) FhirHttp.R4.newJsonParser().parseResource(GuideFiles.read(counterExample));
		String expected = GuideFiles.expectedErrors().get(counterExample.getFileName().toString());
		resource.getMeta().getProfile().clear();
		String undeclared = FhirHttp.R4.newJsonParser().encodeResourceToString(resource);

		FhirHttp.Response plain = fhir.post(resource.fhirType() + "/$validate", "application/fhir+json", undeclared);
		FhirHttp.Response withProfile = fhir.post(
				resource.fhirType() + "/$validate?profile=" + profileOf(resource.fhirType()), "application/fhir+json", undeclared);

		assertThat(Outcomes.errors(plain.as(OperationOutcome.class))).anySatisfy(m -> assertThat(m).contains(expected));
		assertThat(Outcomes.errors(withProfile.as(OperationOutcome.class))).anySatisfy(m -> assertThat(m).contains(expected));
	}

	@Test
	void guideRecordBundlesAreAcceptedAndSendingThemAgainChangesNothing() throws Exception {
		List<Path> bundles;
		try (Stream<Path> files = Files.list(GuideFiles.EXAMPLES.resolve("bundles"))) {
			bundles = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
		assertThat(bundles).isNotEmpty();
		for (Path bundle : bundles) {
			FhirHttp.Response first = fhir.post("", "application/fhir+json", GuideFiles.read(bundle));
			String versionBefore = fhir.get("Patient/dmd-child").as(Patient.class).getMeta().getVersionId();
			FhirHttp.Response second = fhir.post("", "application/fhir+json", GuideFiles.read(bundle));

			assertThat(first.status()).as(bundle + ": " + first.body()).isEqualTo(200);
			assertThat(second.status()).as(bundle + ": " + second.body()).isEqualTo(200);
			assertThat(fhir.get("Patient/dmd-child").as(Patient.class).getMeta().getVersionId())
					.isEqualTo(versionBefore);
		}
	}

	@Test
	void patientWhoseNhsNumberHasAWrongCheckDigitIsRefusedAndNotStored() {
		String valid = NhsNumbers.random();
		String wrong = valid.substring(0, 9) + ((valid.charAt(9) - '0' + 1) % 10);
		String patient = """
				{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}],
				 "name":[{"family":"Check","given":["Digit"]}],"gender":"female","birthDate":"2001-02-03"}""";

		FhirHttp.Response refused = fhir.post("Patient", "application/fhir+json", patient.formatted(wrong));
		FhirHttp.Response accepted = fhir.post("Patient", "application/fhir+json", patient.formatted(valid));

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.body()).contains("Modulus 11 check digit").contains("Patient.identifier[0]");
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + wrong)).isZero();
		assertThat(accepted.status()).isEqualTo(201);
	}

	@Test
	void transactionWithOneNonConformingEntryStoresNothing() {
		String nhsNumber = NhsNumbers.random();
		String bundle = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"fullUrl":"urn:uuid:8a3b0c5e-1d8f-4d7e-9b7a-000000000001",
				  "resource":{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}],
				   "name":[{"family":"Atomic"}],"gender":"male","birthDate":"1999-09-09"},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Condition","subject":{"reference":"urn:uuid:8a3b0c5e-1d8f-4d7e-9b7a-000000000001"},
				   "code":{"text":"no ORPHAcode here"}},
				  "request":{"method":"POST","url":"Condition"}}]}""".formatted(nhsNumber);

		FhirHttp.Response response = fhir.post("", "application/fhir+json", bundle);

		assertThat(response.status()).isEqualTo(422);
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)).isZero();
	}

	@Test
	void unknownCodeFromAnExternalCodeSystemDoesNotFailValidation() {
		String condition = GuideFiles.read(GuideFiles.EXAMPLES.resolve("Condition-dmd-condition.json"))
				.replace("\"76670001\"", "\"999999999999\"");

		FhirHttp.Response response = fhir.post("Condition/$validate", "application/fhir+json", condition);

		assertThat(condition).contains("999999999999");
		assertThat(Outcomes.errors(response.as(OperationOutcome.class))).isEmpty();
	}

	@Test
	void capabilityStatementListsTheEnforcedProfiles() {
		CapabilityStatement statement = fhir.get("metadata").as(CapabilityStatement.class);

		PROFILES.keySet().forEach(type -> assertThat(statement.getRestFirstRep().getResource())
				.filteredOn(r -> r.getType().equals(type))
				.singleElement()
				.satisfies(r -> {
					assertThat(r.getProfile()).isEqualTo(profileOf(type));
					assertThat(r.getSupportedProfile()).extracting(p -> p.getValue()).contains(profileOf(type));
				}));
	}

	@Test
	void concordSearchParametersFindTeamsByCoordinatorAndOrganisationAndPlansByReviewDate() {
		Bundle byCoordinator = fhir.get("CareTeam?coordinator=Practitioner/pract-nurse-specialist").as(Bundle.class);
		Bundle byLeadConsultant = fhir.get("CareTeam?coordinator=Practitioner/pract-neurologist").as(Bundle.class);
		Bundle byOrganisation = fhir.get("CareTeam?participant-organization=https://fhir.nhs.uk/Id/ods-organization-code|RP4")
				.as(Bundle.class);
		Bundle byReview = fhir.get("CarePlan?next-review=gt2000-01-01&subject=Patient/dmd-child").as(Bundle.class);

		assertThat(byCoordinator.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains("dmd-care-team");
		assertThat(byLeadConsultant.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.doesNotContain("dmd-care-team");
		assertThat(byOrganisation.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains("dmd-care-team");
		assertThat(byReview.getEntry()).isNotEmpty();
	}

	static final Map<String, String> PROFILES = Map.of(
			"Patient", "RareDiseasePatient",
			"Condition", "RareDiseaseCondition",
			"CareTeam", "CoordinatedCareTeam",
			"CarePlan", "CoordinatedCarePlan",
			"DocumentReference", "SharedCareDocument",
			"Flag", "RareDiseaseAlert",
			"Consent", "CareSharingConsent",
			"Organization", "CareOrganization");

	static String profileOf(String type) {
		return "https://fhir.concord.org.uk/StructureDefinition/" + PROFILES.get(type);
	}
}
