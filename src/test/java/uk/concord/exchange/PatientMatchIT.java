package uk.concord.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/** A system about to register a patient asks Concord first whether it already knows them, with Patient/$match. */
@EmbeddedServerTest
class PatientMatchIT {

	static final String PROFILE = "https://fhir.concord.org.uk/StructureDefinition/RareDiseasePatient";
	static final String GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";

	FhirHttp fhir;

	@Test
	void findsTheStoredPatientByNhsNumberAsCertain() {
		String nhsNumber = NhsNumbers.random();
		String id = store(patient(nhsNumber, uniqueFamily(), "2012-03-14", "N1 9ZZ"));

		Bundle result = match(parameters(patient(nhsNumber, null, null, null)));

		assertThat(result.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
		assertThat(result.getEntry()).hasSize(1);
		assertMatch(result.getEntryFirstRep(), id, 1.0, "certain");
	}

	@Test
	void findsByFamilyBirthDateAndPostcodeAsProbableWhenNoNhsNumberIsGiven() {
		String family = uniqueFamily();
		String id = store(patient(NhsNumbers.random(), family, "2010-07-01", "LS1 4AP"));

		Bundle result = match(parameters(patient(null, family.toUpperCase(), "2010-07-01", "ls14ap")));

		assertThat(result.getEntry()).hasSize(1);
		assertMatch(result.getEntryFirstRep(), id, 0.9, "probable");
	}

	@Test
	void findsByFamilyAndBirthDateAloneAsPossibleAndRanksItBelowProbable() {
		String family = uniqueFamily();
		String samePostcode = store(patient(NhsNumbers.random(), family, "2001-01-31", "B15 2TT"));
		String otherPostcode = store(patient(null, family, "2001-01-31", "M1 1AE"));
		store(patient(NhsNumbers.random(), family, "2001-02-01", "B15 2TT"));

		Bundle result = match(parameters(patient(null, family, "2001-01-31", "B15 2TT")));

		assertThat(result.getEntry()).hasSize(2);
		assertMatch(result.getEntry().get(0), samePostcode, 0.9, "probable");
		assertMatch(result.getEntry().get(1), otherPostcode, 0.6, "possible");
	}

	@Test
	void aDifferentNhsNumberGivesNoCertainMatch() {
		String family = uniqueFamily();
		store(patient(NhsNumbers.random(), family, "1999-12-31", "SW1A 1AA"));

		Bundle result = match(parameters(patient(NhsNumbers.random(), family, "1999-12-31", "SW1A 1AA")));

		assertThat(result.getEntry()).noneMatch(e -> grade(e).equals("certain"));
	}

	@Test
	void onlyCertainMatchesLeavesOutProbableAndPossibleOnes() {
		String family = uniqueFamily();
		store(patient(NhsNumbers.random(), family, "2015-05-05", "EH1 1YZ"));
		Parameters demographics = parameters(patient(null, family, "2015-05-05", "EH1 1YZ"));
		assertThat(match(demographics).getEntry()).hasSize(1);

		demographics.addParameter("onlyCertainMatches", true);

		assertThat(match(demographics).getEntry()).isEmpty();
	}

	@Test
	void countLimitsTheNumberOfMatches() {
		String family = uniqueFamily();
		for (int i = 0; i < 3; i++) {
			store(patient(NhsNumbers.random(), family, "1980-06-15", "CF10 1AA"));
		}
		Parameters input = parameters(patient(null, family, "1980-06-15", null));
		assertThat(match(input).getEntry()).hasSize(3);

		input.addParameter("count", 2);

		assertThat(match(input).getEntry()).hasSize(2);
	}

	@Test
	void aRequestWithoutAResourceIsRefusedWith400() {
		Parameters input = new Parameters();
		input.addParameter("count", 1);

		assertRefused(post(input), "'resource' parameter");
	}

	@Test
	void aResourceThatIsNotAPatientIsRefusedWith400() {
		Parameters input = new Parameters();
		input.addParameter().setName("resource").setResource(new Observation()
				.setStatus(Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept().setText("Weight")));

		assertRefused(post(input), "Observation", "expects type Patient");
	}

	@Test
	void aPatientWithoutNhsNumberFamilyAndBirthDateIsRefusedWith400() {
		assertRefused(post(parameters(patient(null, uniqueFamily(), null, "N1 9ZZ"))), "family name and a birthDate");
	}

	@Test
	void anInvalidNhsNumberIsRefusedWith400() {
		assertRefused(post(parameters(patient("1234567890", null, null, null))), "not a valid NHS Number");
	}

	@Test
	void theCapabilityStatementAdvertisesMatchOnPatient() {
		CapabilityStatement capabilities = fhir.get("metadata").as(CapabilityStatement.class);

		assertThat(capabilities.getRestFirstRep().getResource())
				.filteredOn(r -> r.getType().equals("Patient"))
				.flatExtracting(CapabilityStatement.CapabilityStatementRestResourceComponent::getOperation)
				.extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getName)
				.containsOnlyOnce("match");
	}

	@Test
	void theReadmeRecipeFindsTheExamplePatientByNhsNumber() throws Exception {
		String id = storeExamplePatient();

		Bundle result = match(README_BY_NHS_NUMBER);

		assertThat(result.getEntry()).anySatisfy(e -> assertMatch(e, id, 1.0, "certain"));
	}

	@Test
	void theReadmeRecipeFindsTheExamplePatientByNameBirthDateAndPostcode() throws Exception {
		String id = storeExamplePatient();

		Bundle result = match(README_BY_DEMOGRAPHICS);

		assertThat(result.getEntry()).anySatisfy(e -> assertMatch(e, id, 0.9, "probable"));
	}

	@Test
	void theOperationDefinitionDescribesTheParameters() {
		FhirHttp.Response definition = fhir.get("OperationDefinition/Patient-t-match");

		assertThat(definition.status()).as(definition.body()).isEqualTo(200);
		assertThat(definition.body()).contains("onlyCertainMatches").contains("\"count\"")
				.contains("{\"name\":\"resource\",\"use\":\"in\",\"min\":1,\"max\":\"1\",\"type\":\"Patient\"}");
	}

	/** The bodies of the README's curl recipes, character for character. */
	static final String README_BY_NHS_NUMBER = """
			{"resourceType":"Parameters","parameter":[{"name":"resource","resource":{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}]}}]}""";

	static final String README_BY_DEMOGRAPHICS = """
			{"resourceType":"Parameters","parameter":[{"name":"resource","resource":{"resourceType":"Patient","name":[{"family":"bennett"}],"birthDate":"2012-03-14","address":[{"postalCode":"n19zz"}]}},{"name":"count","valueInteger":5}]}""";

	// --- helpers

	/** The guide's example patient (Oliver Bennett), as the demo data loads it; a PUT of unchanged content is a no-op. */
	String storeExamplePatient() throws Exception {
		String example = Files.readString(Path.of("ig/examples/Patient-dmd-child.json"));
		FhirHttp.Response stored = fhir.send(java.net.http.HttpRequest.newBuilder(fhir.uri("Patient/dmd-child"))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(example)));
		assertThat(stored.status()).as(stored.body()).isIn(200, 201);
		return "dmd-child";
	}

	Bundle match(String parameters) {
		FhirHttp.Response response = fhir.post("Patient/$match", "application/fhir+json", parameters);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(Bundle.class);
	}

	static String uniqueFamily() {
		return "Match" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/** A RareDiseasePatient; without an NHS Number it carries the reason one is unavailable. */
	static Patient patient(String nhsNumber, String family, String birthDate, String postcode) {
		Patient patient = new Patient();
		patient.getMeta().addProfile(PROFILE);
		if (nhsNumber != null) {
			patient.addIdentifier().setSystem(NhsNumbers.SYSTEM).setValue(nhsNumber);
		} else {
			patient.addExtension(
					"https://fhir.concord.org.uk/StructureDefinition/nhs-number-unavailable-reason",
					new CodeableConcept(new Coding(
							"https://fhir.concord.org.uk/CodeSystem/nhs-number-unavailable-reason",
							"newborn-not-yet-allocated",
							"Newborn, NHS Number not yet allocated")));
		}
		if (family != null) {
			patient.addName().setFamily(family).addGiven("Sam");
		}
		patient.setGender(Enumerations.AdministrativeGender.UNKNOWN);
		if (birthDate != null) {
			patient.getBirthDateElement().setValueAsString(birthDate);
		}
		if (postcode != null) {
			patient.addAddress().addLine("1 Test Street").setPostalCode(postcode);
		}
		return patient;
	}

	static Parameters parameters(Patient patient) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("resource").setResource(patient);
		return parameters;
	}

	String store(Patient patient) {
		FhirHttp.Response created =
				fhir.post("Patient", "application/fhir+json", FhirHttp.R4.newJsonParser().encodeResourceToString(patient));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.as(Patient.class).getIdElement().getIdPart();
	}

	FhirHttp.Response post(Parameters input) {
		return fhir.post("Patient/$match", "application/fhir+json",
				FhirHttp.R4.newJsonParser().encodeResourceToString(input));
	}

	Bundle match(Parameters input) {
		FhirHttp.Response response = post(input);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(Bundle.class);
	}

	static String grade(Bundle.BundleEntryComponent entry) {
		return ((CodeType) entry.getSearch().getExtensionByUrl(GRADE).getValue()).getValue();
	}

	static void assertMatch(Bundle.BundleEntryComponent entry, String id, double score, String grade) {
		assertThat(entry.getResource().getIdElement().getIdPart()).isEqualTo(id);
		assertThat(entry.getFullUrl()).endsWith("/Patient/" + id);
		assertThat(entry.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
		assertThat(entry.getSearch().getScore().doubleValue()).isEqualTo(score);
		assertThat(grade(entry)).isEqualTo(grade);
	}

	static void assertRefused(FhirHttp.Response response, String... explanation) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(explanation);
	}
}
