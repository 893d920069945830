package uk.concord.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.Outcomes;

/** An NHS Number under the wrong identifier system is refused with a message that names the right one. */
@EmbeddedServerTest
class NhsNumberSystemIT {

	FhirHttp fhir;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {
		"http://fhir.nhs.uk/Id/nhs-number",
		"https://fhir.nhs.uk/Id/NHS-Number",
		"https://fhir.nhs.uk/Id/nhs-number/",
		"urn:oid:2.16.840.1.113883.2.1.4.1"
	})
	void anNhsNumberUnderAnotherSystemIsRefusedNamingTheRightSystem(String wrongSystem) {
		String nhsNumber = NhsNumbers.random();

		FhirHttp.Response response = fhir.post("Patient", "application/fhir+json", """
				{"resourceType":"Patient","identifier":[{"system":"%s","value":"%s"}],
				 "name":[{"family":"Wrong"}],"gender":"male","birthDate":"2003-03-03"}""".formatted(wrongSystem, nhsNumber));

		assertThat(response.status()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(Outcomes.errors(outcome)).singleElement().asString()
				.contains(wrongSystem)
				.contains("must be sent with system https://fhir.nhs.uk/Id/nhs-number")
				.doesNotContain("must say why");
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.VALUE);
		assertThat(outcome.getIssueFirstRep().getExpression()).extracting("value").containsExactly("Patient.identifier[0].system");
		assertThat(fhir.total("Patient?identifier=" + nhsNumber)).isZero();
	}
}
