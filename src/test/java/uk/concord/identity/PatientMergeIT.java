package uk.concord.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/**
 * Two records of one person are merged with HAPI's {@code Patient/$merge} (the README's recipe): what pointed at the
 * duplicate points at the record kept, and the duplicate is gone.
 */
@EmbeddedServerTest
class PatientMergeIT {

	FhirHttp fhir;

	@Test
	void mergingADuplicateMovesItsReferencesToTheRecordKeptAndDeletesIt() {
		String nhsNumber = NhsNumbers.random();
		String kept = created(fhir.post("Patient", "application/fhir+json", NhsNumberUniquenessIT.patient(nhsNumber, "Kept")));
		// registered again while the NHS Number was being traced
		String duplicate = created(fhir.post("Patient", "application/fhir+json", """
				{"resourceType":"Patient","name":[{"family":"Kept","given":["Test"]}],"gender":"male","birthDate":"2010-04-01",
				 "extension":[{"url":"https://fhir.concord.org.uk/StructureDefinition/nhs-number-unavailable-reason",
				   "valueCodeableConcept":{"coding":[{"system":"https://fhir.concord.org.uk/CodeSystem/nhs-number-unavailable-reason","code":"trace-in-progress"}]}}]}"""));
		String condition = created(fhir.post("Condition", "application/fhir+json", condition(duplicate)));

		FhirHttp.Response merged = fhir.post("Patient/$merge", "application/fhir+json", merge(duplicate, kept));

		assertThat(merged.status()).as(merged.body()).isEqualTo(200);
		assertThat(fhir.get("Condition/" + condition).as(Condition.class).getSubject().getReference())
				.isEqualTo("Patient/" + kept);
		assertThat(fhir.get("Patient/" + duplicate).status()).isEqualTo(410);
		assertThat(fhir.get("Patient/" + kept).status()).isEqualTo(200);
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)).isEqualTo(1);
	}

	@Test
	void aCallerWithoutFullSystemAccessMayNotMerge() {
		FhirHttp.Response refused = fhir.as("gp-riverside").post("Patient/$merge", "application/fhir+json", """
				{"resourceType":"Parameters","parameter":[
				 {"name":"source-patient","valueReference":{"reference":"Patient/swan-adult"}},
				 {"name":"target-patient","valueReference":{"reference":"Patient/dmd-child"}}]}""");

		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(fhir.get("Patient/swan-adult").status()).isEqualTo(200);
	}

	/** The README's recipe: merge the duplicate into the record kept, and delete the duplicate. */
	static String merge(String duplicate, String kept) {
		return """
				{"resourceType":"Parameters","parameter":[
				 {"name":"source-patient","valueReference":{"reference":"Patient/%s"}},
				 {"name":"target-patient","valueReference":{"reference":"Patient/%s"}},
				 {"name":"delete-source","valueBoolean":true}]}""".formatted(duplicate, kept);
	}

	static String condition(String patient) {
		return """
				{"resourceType":"Condition",
				 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
				 "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
				 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"problem-list-item"}]}],
				 "code":{"coding":[{"system":"https://www.orpha.net","code":"98896"}]},
				 "subject":{"reference":"Patient/%s"}}""".formatted(patient);
	}

	private static String created(FhirHttp.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return FhirHttp.R4.newJsonParser().parseResource(response.body()).getIdElement().getIdPart();
	}
}
