package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/** Bad requests get a 4xx OperationOutcome that explains the problem, never a stack trace, and store nothing. */
@EmbeddedServerTest
class BadInputIT {

	FhirHttp fhir;

	@Test
	void malformedJsonIsRejectedWith400() {
		FhirHttp.Response response = fhir.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",");

		assertCleanError(response, 400, "Failed to parse");
	}

	@Test
	void malformedXmlIsRejectedWith400() {
		FhirHttp.Response response = fhir.post("Patient", "application/fhir+xml", "<Patient xmlns=\"http://hl7.org/fhir\"><name>");

		assertCleanError(response, 400, "Failed to parse");
	}

	@Test
	void unknownElementIsRejectedAndNothingIsStored() {
		String nhsNumber = NhsNumbers.random();
		String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + NhsNumbers.SYSTEM
				+ "\",\"value\":\"" + nhsNumber + "\"}],\"favouriteColour\":\"blue\"}";

		FhirHttp.Response response = fhir.post("Patient", "application/fhir+json", body);

		assertCleanError(response, 400, "favouriteColour");
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)).isZero();
	}

	@Test
	void invalidDateIsRejectedWith400() {
		FhirHttp.Response response =
				fhir.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"birthDate\":\"2020-13-45\"}");

		assertCleanError(response, 400, "2020-13-45");
	}

	@Test
	void unknownResourceTypeIsRejectedWith404() {
		assertCleanError(fhir.get("Spaceship?name=x"), 404, "Unknown resource type 'Spaceship'");
	}

	@Test
	void unknownSearchParameterIsRejectedWith400() {
		assertCleanError(fhir.get("Patient?shoe-size=9"), 400, "Unknown search parameter \\\"shoe-size\\\"");
	}

	@Test
	void wrongContentTypeIsRejected() {
		FhirHttp.Response response = fhir.post("Patient", "text/plain", "hello");

		assertCleanError(response, 400, "Content-Type");
	}

	@Test
	void bodyOfTheWrongResourceTypeIsRejectedWith400() {
		FhirHttp.Response response =
				fhir.post("Patient", "application/fhir+json", "{\"resourceType\":\"Observation\",\"status\":\"final\"}");

		assertCleanError(response, 400, "Observation");
	}

	@Test
	void readingAnIdThatDoesNotExistGives404() {
		assertCleanError(fhir.get("Patient/no-such-patient"), 404, "Patient/no-such-patient");
	}

	@Test
	void searchValuesThatAreNotDatesOrThatContradictEachOtherAre400NotServerErrors() {
		for (String search : List.of("Patient?birthdate=notadate", "Patient?_lastUpdated=zz",
				"Patient?_summary=true&_summary=false", "Patient?_summary=count&_summary=count",
				"Patient/dmd-child?_summary=true&_summary=true")) {
			// a clinician's token too: consent checking once failed on a repeated _summary
			for (FhirHttp as : List.of(fhir, fhir.as("gp-riverside"))) {
				FhirHttp.Response response = as.get(search);

				assertThat(response.status()).as(search).isEqualTo(400);
				assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getCode()).as(search)
						.isIn(OperationOutcome.IssueType.INVALID, OperationOutcome.IssueType.PROCESSING);
				assertCleanError(response, 400, "");
			}
		}
	}

	@Test
	void aProfileSentAsNullIsRefusedNotAServerErrorAndNothingIsStored() {
		String nhsNumber = NhsNumbers.random();
		String body = "{\"resourceType\":\"Patient\",\"meta\":{\"profile\":null},\"identifier\":[{\"system\":\""
				+ NhsNumbers.SYSTEM + "\",\"value\":\"" + nhsNumber + "\"}],\"name\":[{\"family\":\"x\"}],"
				+ "\"gender\":\"other\",\"birthDate\":\"1980-01-01\"}";

		FhirHttp.Response response = fhir.post("Patient", "application/fhir+json", body);

		assertCleanError(response, 422, "The property profile must be a JSON Array, not a Null");
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)).isZero();
	}

	@Test
	void injectionAttemptInASearchParameterIsTreatedAsPlainText() {
		String nhsNumber = NhsNumbers.random();
		fhir.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
				+ NhsNumbers.SYSTEM + "\",\"value\":\"" + nhsNumber + "\"}],\"name\":[{\"family\":\"x\"}],"
				+ "\"gender\":\"other\",\"birthDate\":\"1980-01-01\"}");

		FhirHttp.Response response = fhir.send(HttpRequest.newBuilder(
						fhir.uri("Patient?family=x%27%3B%20DROP%20TABLE%20HFJ_RESOURCE%3B--"))
				.header("Accept", "application/fhir+json")
				.GET());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.as(org.hl7.fhir.r4.model.Bundle.class).getEntry()).isEmpty();
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)).isEqualTo(1);
	}

	private static void assertCleanError(FhirHttp.Response response, int status, String explanation) {
		assertThat(response.status()).isEqualTo(status);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(response.body())
				.contains(explanation)
				.doesNotContain("\tat ", "at ca.uhn", "at org.", "Exception:", "SQL", "HFJ_");
	}
}
