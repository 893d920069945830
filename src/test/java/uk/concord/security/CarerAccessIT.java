package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.EmbeddedServerTest;

/**
 * A parent signed in for their child (a RelatedPerson with patient context) reads the child's record only while the
 * RelatedPerson is active and its period current, and every read is audited as proxy access.
 */
@EmbeddedServerTest
class CarerAccessIT {

	private static final String CARER = "RelatedPerson/dmd-mother";

	FhirHttp fhir;
	SignInFlow browser;

	@BeforeEach
	void newBrowser() {
		browser = new SignInFlow(fhir.root());
	}

	@Test
	void aCarersAccessEndsWhenTheirPeriodEndsAndReturnsWhenItIsExtended() throws Exception {
		String token = claireSignsIn();
		assertThat(read(token, "Patient/dmd-child").status()).isEqualTo(200);

		try {
			changeCarer(carer -> carer.getPeriod().setStart(date(-400)).setEnd(date(-1)));

			assertRefused(token);
		} finally {
			changeCarer(carer -> carer.setPeriod(null));
		}
		assertThat(read(token, "Patient/dmd-child").status()).isEqualTo(200);
	}

	@Test
	void aCarerWhoIsNoLongerActiveLosesAccessToTheRecordThePassportAndTheEmergencyCard() throws Exception {
		String token = claireSignsIn();
		try {
			changeCarer(carer -> carer.setActive(false));

			assertRefused(token);
		} finally {
			changeCarer(carer -> carer.setActive(true));
		}
		assertThat(read(token, "Patient/dmd-child").status()).isEqualTo(200);
	}

	@Test
	void aCarersReadIsAuditedAsProxyAccessTheCarerActingOnBehalfOfThePatient() throws Exception {
		String token = claireSignsIn();
		Instant before = Instant.now().minusSeconds(1);
		assertThat(read(token, "CarePlan/dmd-emergency-care-plan").status()).isEqualTo(200);

		AuditEvent event = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
				() -> fhir.as("auditor").get("AuditEvent?entity=CarePlan/dmd-emergency-care-plan&agent=" + CARER
								+ "&_sort=-date&_count=5").as(Bundle.class).getEntry().stream()
						.map(e -> (AuditEvent) e.getResource())
						.filter(e -> e.getRecorded().toInstant().isAfter(before))
						.findFirst().orElse(null),
				e -> e != null);

		AuditEvent.AuditEventAgentComponent carer = event.getAgent().stream()
				.filter(agent -> CARER.equals(agent.getWho().getReference())).findFirst().orElseThrow();
		assertThat(carer.getRequestor()).isTrue();
		assertThat(carer.getType().hasCoding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "AGNT")).isTrue();
		assertThat(event.getAgent()).anyMatch(agent -> !agent.getRequestor()
				&& "Patient/dmd-child".equals(agent.getWho().getReference())
				&& agent.getType().hasCoding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PAT"));
	}

	private String claireSignsIn() throws Exception {
		return browser.signIn(AuthorizationCodeIT.PARENT_SCOPES, "claire", "claire-password", fhir.base())
				.get("access_token").asText();
	}

	private void assertRefused(String token) {
		FhirHttp.Response record = read(token, "Patient/dmd-child");
		assertThat(record.status()).isIn(403, 404);
		assertThat(record.body()).doesNotContain("Oliver");
		assertThat(read(token, "CarePlan?subject=Patient/dmd-child").body()).doesNotContain("hydrocortisone");
		assertThat(read(token, fhir.root() + "/passport/Patient/dmd-child").status()).isIn(403, 404);
		FhirHttp.Response card = fhir.anonymous().send(HttpRequest.newBuilder(
						fhir.uri(fhir.root() + "/emergency-card/Patient/dmd-child"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(card.status()).isEqualTo(403);
	}

	private void changeCarer(Consumer<RelatedPerson> change) {
		RelatedPerson carer = fhir.get(CARER).as(RelatedPerson.class);
		change.accept(carer);
		FhirHttp.Response saved = fhir.send(HttpRequest.newBuilder(fhir.uri(CARER))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(FhirHttp.R4.newJsonParser().encodeResourceToString(carer))));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
	}

	private FhirHttp.Response read(String token, String path) {
		return fhir.anonymous().send(HttpRequest.newBuilder(fhir.uri(path))
				.header("Accept", "application/fhir+json")
				.header("Authorization", "Bearer " + token)
				.GET());
	}

	private static Date date(int daysFromToday) {
		return Date.from(Instant.now().plus(Duration.ofDays(daysFromToday)));
	}
}
