package uk.concord.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/** An EHR that already holds a record fetches only what changed since its last sync. */
@EmbeddedServerTest
class IncrementalSyncIT {

	FhirHttp fhir;

	@Test
	void everythingSinceLastSyncReturnsOnlyWhatChanged() {
		String nhsNumber = NhsNumbers.random();
		Bundle created = fhir.client().transaction().withBundle(SharedRecord.forPatient(nhsNumber, "Sync", "zeta")).execute();
		String patientId = new IdType(created.getEntry().get(2).getResponse().getLocation()).getIdPart();
		String carePlanId = new IdType(created.getEntry().get(6).getResponse().getLocation()).getIdPart();
		// The client's sync point: just after the newest write it received.
		Instant lastSync = created.getEntry().stream()
				.map(e -> e.getResponse().getLastModified().toInstant())
				.max(Instant::compareTo)
				.orElseThrow()
				.plusMillis(1);
		String plan = fhir.get("CarePlan/" + carePlanId).body().replace("\"status\":\"active\"", "\"status\":\"on-hold\"");
		assertThat(fhir.send(java.net.http.HttpRequest.newBuilder(fhir.uri("CarePlan/" + carePlanId))
				.header("Content-Type", "application/fhir+json")
				.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(plan))).status()).isEqualTo(200);

		Bundle everything = fhir.get("Patient/" + patientId + "/$everything?_since=" + lastSync).as(Bundle.class);
		Bundle byLastUpdated = fhir.get("Patient/" + patientId + "/$everything?_lastUpdated=gt" + lastSync).as(Bundle.class);
		Bundle pagedSince = fhir.get("Patient/" + patientId + "/$everything?_count=2&_since=" + lastSync).as(Bundle.class);
		Bundle all = fhir.get("Patient/" + patientId + "/$everything").as(Bundle.class);
		Bundle history = fhir.get("CarePlan/" + carePlanId + "/_history?_since=" + lastSync).as(Bundle.class);

		assertThat(everything.getEntry()).extracting(e -> e.getResource().fhirType()).contains("CarePlan")
				.doesNotContain("CareTeam", "DocumentReference", "Condition");
		assertThat(all.getEntry()).extracting(e -> e.getResource().fhirType())
				.contains("Patient", "CareTeam", "CarePlan", "DocumentReference", "Condition");
		assertThat(byLastUpdated.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(carePlanId);
		assertThat(everything.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(carePlanId);
		assertThat(allPages(pagedSince)).containsExactly(carePlanId);
		assertThat(history.getEntry()).hasSize(1);
	}

	@Test
	void everythingHoldsTheWholeSharedRecordIncludingTheAlertAndDocuments() {
		Bundle everything = fhir.get("Patient/dmd-child/$everything?_count=200").as(Bundle.class);

		assertThat(everything.getEntry()).extracting(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart())
				.contains("Patient/dmd-child", "Condition/dmd-condition", "CareTeam/dmd-care-team",
						"CarePlan/dmd-emergency-care-plan", "CarePlan/dmd-transition-plan", "Flag/dmd-alert",
						"DocumentReference/dmd-clinic-letter", "Consent/dmd-consent");
	}

	/** Ids on every page of a paged answer, following next links. */
	java.util.List<String> allPages(Bundle first) {
		java.util.List<String> ids = new java.util.ArrayList<>();
		Bundle page = first;
		while (true) {
			page.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				return ids;
			}
			page = fhir.get(page.getLink(Bundle.LINK_NEXT).getUrl()).as(Bundle.class);
		}
	}
}
