package uk.concord.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.Outcomes;

/** One Patient per NHS Number: a second record for the same person is refused, however it is sent. */
@EmbeddedServerTest
class NhsNumberUniquenessIT {

	FhirHttp fhir;

	@Test
	void aSecondPatientWithTheSameNhsNumberIsRefusedWith409NamingTheExistingRecord() {
		String nhsNumber = NhsNumbers.random();
		String existing = create(nhsNumber, "First");

		FhirHttp.Response second = fhir.post("Patient", "application/fhir+json", patient(nhsNumber, "Second"));

		assertThat(second.status()).as(second.body()).isEqualTo(409);
		OperationOutcome outcome = second.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.DUPLICATE);
		assertThat(Outcomes.errors(outcome)).singleElement().asString()
				.contains("A Patient with this NHS Number already exists")
				.contains("Patient/" + existing)
				.doesNotContain("HAPI-");
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)).isEqualTo(1);
	}

	@Test
	void anUpdateThatGivesAPatientAnotherPatientsNhsNumberIsRefused() {
		String taken = NhsNumbers.random();
		create(taken, "Holder");
		String other = create(NhsNumbers.random(), "Other");

		FhirHttp.Response update = put(other, patient(taken, "Other"));

		assertThat(update.status()).as(update.body()).isEqualTo(409);
		assertThat(update.body()).contains("A Patient with this NHS Number already exists");
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + taken)).isEqualTo(1);
	}

	@Test
	void anUpdateThatKeepsThePatientsOwnNhsNumberIsAccepted() {
		String nhsNumber = NhsNumbers.random();
		String id = create(nhsNumber, "Same");

		FhirHttp.Response update = put(id, patient(nhsNumber, "Renamed"));

		assertThat(update.status()).as(update.body()).isEqualTo(200);
	}

	@Test
	void aConditionalCreateOfAKnownNhsNumberReturnsTheExistingPatient() {
		String nhsNumber = NhsNumbers.random();
		String existing = create(nhsNumber, "Known");

		FhirHttp.Response again = fhir.send(HttpRequest.newBuilder(fhir.uri("Patient"))
				.header("Content-Type", "application/fhir+json")
				.header("If-None-Exist", "identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)
				.POST(HttpRequest.BodyPublishers.ofString(patient(nhsNumber, "Known"))));

		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.raw().headers().firstValue("Location").orElseThrow()).contains("Patient/" + existing + "/");
	}

	@Test
	void aTransactionThatCreatesTwoPatientsWithOneNhsNumberStoresNeither() {
		String nhsNumber = NhsNumbers.random();
		String bundle = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"resource":%s,"request":{"method":"POST","url":"Patient"}},
				 {"resource":%s,"request":{"method":"POST","url":"Patient"}}]}"""
				.formatted(patient(nhsNumber, "Twin"), patient(nhsNumber, "Twin"));

		FhirHttp.Response response = fhir.post("", "application/fhir+json", bundle);

		assertThat(response.status()).as(response.body()).isEqualTo(409);
		assertThat(response.body()).contains("A Patient with this NHS Number already exists").doesNotContain("HAPI-");
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)).isZero();
	}

	@Test
	void patientsWithoutAnNhsNumberAreNotDuplicatesOfEachOther() {
		String noNumber = """
				{"resourceType":"Patient","name":[{"family":"Unnumbered"}],"gender":"female","birthDate":"1990-01-01",
				 "extension":[{"url":"https://fhir.concord.org.uk/StructureDefinition/nhs-number-unavailable-reason",
				   "valueCodeableConcept":{"coding":[{"system":"https://fhir.concord.org.uk/CodeSystem/nhs-number-unavailable-reason","code":"trace-in-progress"}]}}]}""";

		assertThat(fhir.post("Patient", "application/fhir+json", noNumber).status()).isEqualTo(201);
		assertThat(fhir.post("Patient", "application/fhir+json", noNumber).status()).isEqualTo(201);
	}

	private String create(String nhsNumber, String family) {
		FhirHttp.Response created = fhir.post("Patient", "application/fhir+json", patient(nhsNumber, family));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.as(Patient.class).getIdElement().getIdPart();
	}

	private FhirHttp.Response put(String id, String patient) {
		String withId = patient.replaceFirst("\\{", "{\"id\":\"" + id + "\",");
		return fhir.send(HttpRequest.newBuilder(fhir.uri("Patient/" + id))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(withId)));
	}

	static String patient(String nhsNumber, String family) {
		return """
				{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}],
				 "name":[{"family":"%s","given":["Test"]}],"gender":"male","birthDate":"2010-04-01"}"""
				.formatted(nhsNumber, family);
	}

	static Bundle searchByNhsNumber(FhirHttp fhir, String nhsNumber) {
		return fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber).as(Bundle.class);
	}
}
