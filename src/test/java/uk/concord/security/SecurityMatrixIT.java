package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * Each demo client against each kind of request, with the status a user of that client should see. Own patient is
 * Oliver (dmd-child: the patient app's patient, in the care of the GP practice Y90001); other patient is the
 * SWAN adult, cared for elsewhere. The emergency department clinician (RRK) cares for neither.
 */
@EmbeddedServerTest
class SecurityMatrixIT {

	FhirHttp fhir;

	private final Map<String, Function<FhirHttp, FhirHttp.Response>> requests = new LinkedHashMap<>();

	{
		requests.put("read own patient", as -> as.get("Patient/dmd-child"));
		requests.put("read other patient", as -> as.get("Patient/swan-adult"));
		requests.put("search", as -> as.get("Condition?_count=50"));
		requests.put("write", as -> as.send(HttpRequest.newBuilder(as.uri("Flag/dmd-alert"))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(fhir.get("Flag/dmd-alert").body()))));
		requests.put("$everything", as -> as.get("Patient/dmd-child/$everything"));
		requests.put("$summary", as -> as.get("Patient/dmd-child/$summary"));
		requests.put("audit search", as -> as.get("AuditEvent?_count=5"));
	}

	@Test
	void everyClientGetsExactlyWhatItsScopesAndCareRelationshipsAllow() {
		Map<String, List<Integer>> expected = new LinkedHashMap<>();
		// read own, read other, search, write, $everything, $summary, audit search
		expected.put("ehr-system", List.of(200, 200, 200, 200, 200, 200, 403));
		expected.put("gp-riverside", List.of(200, 403, 200, 403, 200, 200, 403));
		expected.put("patient-app", List.of(200, 403, 200, 403, 200, 200, 403));
		expected.put("auditor", List.of(403, 403, 403, 403, 403, 403, 200));
		expected.put("ed-clinician", List.of(403, 403, 200, 403, 403, 403, 403));

		Map<String, List<Integer>> actual = new LinkedHashMap<>();
		List<String> badBodies = new ArrayList<>();
		expected.keySet().forEach(client -> {
			List<Integer> statuses = new ArrayList<>();
			requests.forEach((name, request) -> {
				FhirHttp.Response response = request.apply(fhir.as(client));
				statuses.add(response.status());
				if (response.status() >= 400 && !response.body().contains("\"OperationOutcome\"")) {
					badBodies.add(client + " " + name + ": " + response.body());
				}
			});
			actual.put(client, statuses);
		});
		assertThat(actual).isEqualTo(expected);
		assertThat(badBodies).as("every refusal is an OperationOutcome").isEmpty();
	}

	@Test
	void noTokenGets401WithAChallengeForEveryKindOfRequest() {
		FhirHttp anonymous = fhir.anonymous();
		requests.forEach((name, request) -> {
			FhirHttp.Response response = request.apply(anonymous);
			assertThat(response.status()).as(name).isEqualTo(401);
			assertThat(response.raw().headers().firstValue("WWW-Authenticate")).as(name).hasValueSatisfying(
					challenge -> assertThat(challenge).startsWith("Bearer"));
			assertThat(response.body()).as(name).contains("OperationOutcome", "Authorization: Bearer");
		});
	}
}
