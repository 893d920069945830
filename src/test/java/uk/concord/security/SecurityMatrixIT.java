package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

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
		requests.put("write", as -> as.post("Patient", "application/fhir+json", """
				{"resourceType":"Patient","identifier":[{"system":"%s","value":"%s"}],"name":[{"family":"Matrix"}],
				 "gender":"unknown","birthDate":"2001-01-01"}""".formatted(NhsNumbers.SYSTEM, NhsNumbers.random())));
		requests.put("$everything", as -> as.get("Patient/dmd-child/$everything"));
		requests.put("$summary", as -> as.get("Patient/dmd-child/$summary"));
		requests.put("audit search", as -> as.get("AuditEvent?_count=5"));
	}

	@Test
	void everyClientGetsExactlyWhatItsScopesAndCareRelationshipsAllowAndEveryAccessIsAudited() {
		Instant start = Instant.now();
		Map<String, List<Integer>> expected = new LinkedHashMap<>();
		// read own, read other, search, write, $everything, $summary, audit search
		expected.put("ehr-system", List.of(200, 200, 200, 201, 200, 200, 403));
		expected.put("gp-riverside", List.of(200, 403, 200, 403, 200, 200, 403));
		expected.put("patient-app", List.of(200, 403, 200, 403, 200, 200, 403));
		// a whole record out of reach is answered as one that does not exist (ExistenceOraclesIT)
		expected.put("auditor", List.of(403, 403, 403, 403, 404, 404, 200));
		expected.put("ed-clinician", List.of(403, 403, 200, 403, 404, 404, 403));

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

		actual.forEach((client, statuses) -> {
			// every record asked about exists, so each 404 here is a refusal
			long refused = statuses.stream().filter(status -> status == 403 || status == 404).count();
			long answered = statuses.size() - refused;
			awaitAudit(start, client, refused, answered);
		});
	}

	/** Each refusal is a failure record; each answer is at least one success record (a search one per patient). */
	private void awaitAudit(Instant since, String client, long refused, long answered) {
		await(client + "'s audit records").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
				.untilAsserted(() -> {
					List<AuditEvent> events = fhir.as("auditor").get("AuditEvent?date=ge" + since + "&_sort=date&_count=200")
							.as(Bundle.class).getEntry().stream()
							.map(entry -> (AuditEvent) entry.getResource())
							.filter(event -> event.getAgent().stream().anyMatch(agent ->
									client.equals(agent.getWho().getIdentifier().getValue())))
							.toList();
					long failures = events.stream().filter(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._4).count();
					assertThat(failures).as(client + ": failure records for " + refused + " refusals").isEqualTo(refused);
					assertThat(events.size() - failures).as(client + ": success records for " + answered + " answers")
							.isGreaterThanOrEqualTo(answered);
				});
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
