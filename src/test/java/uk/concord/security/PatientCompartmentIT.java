package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * A patient app's token (patient/*.rs, bound to Oliver, dmd-child) reaches Oliver's compartment and nothing else:
 * not through searches, counts, includes, $everything, transactions, paging links or history.
 */
@EmbeddedServerTest
class PatientCompartmentIT {

	private static final String OTHER = "swan-adult";

	FhirHttp fhir;

	private FhirHttp patientApp() {
		return fhir.as("patient-app");
	}

	@Test
	void patientAppSearchesFindOnlyItsOwnPatient() {
		Bundle patients = patientApp().get("Patient").as(Bundle.class);
		assertThat(ids(patients)).containsExactly("Patient/dmd-child");

		FhirHttp.Response asked = patientApp().get("Patient?_id=" + OTHER);
		assertThat(asked.status()).isEqualTo(403);
		assertThat(asked.body()).doesNotContain("Rachel");

		Bundle plans = patientApp().get("CarePlan?_count=100").as(Bundle.class);
		assertThat(plans.getEntry()).isNotEmpty().allSatisfy(entry ->
				assertThat(((org.hl7.fhir.r4.model.CarePlan) entry.getResource()).getSubject().getReference())
						.isEqualTo("Patient/dmd-child"));
	}

	@Test
	void countsCoverOnlyTheOwnCompartment() {
		int all = fhir.total("Condition?_summary=count");
		int own = fhir.total("Condition?subject=Patient/dmd-child&_summary=count");
		assertThat(all).isGreaterThan(own);
		assertThat(patientApp().get("Condition?_summary=count").as(Bundle.class).getTotal()).isEqualTo(own);
		assertThat(patientApp().get("Condition?_total=accurate").as(Bundle.class).getTotal()).isEqualTo(own);
	}

	@Test
	void includesBringInNothingFromAnotherPatient() {
		Bundle bundle = patientApp().get("CareTeam?_include=CareTeam:subject&_revinclude=Flag:subject").as(Bundle.class);
		assertThat(ids(bundle)).contains("Patient/dmd-child").noneMatch(id -> id.contains(OTHER));
	}

	@Test
	void everythingAndSummaryOfTheOwnPatientWorkAndOfAnotherAreRefused() {
		Bundle everything = patientApp().get("Patient/dmd-child/$everything?_count=200").as(Bundle.class);
		assertThat(ids(everything)).contains("Patient/dmd-child", "CarePlan/dmd-emergency-care-plan")
				.noneMatch(id -> id.startsWith("AuditEvent/"));
		assertThat(patientApp().get("Patient/dmd-child/$summary").status()).isEqualTo(200);

		// answered as for a patient who does not exist (ExistenceOraclesIT)
		assertThat(patientApp().get("Patient/" + OTHER + "/$everything").status()).isEqualTo(404);
		assertThat(patientApp().get("Patient/" + OTHER + "/$summary").status()).isEqualTo(404);
		assertThat(patientApp().get("Patient/$everything").status()).isEqualTo(403);
	}

	@Test
	void anotherClientsPagingLinkShowsNothingOfOtherPatients() {
		Bundle first = fhir.get("Condition?_count=1&_sort=_id").as(Bundle.class);
		List<String> pages = new java.util.ArrayList<>();
		for (Bundle page = first; page.getLink("next") != null && pages.size() < 10; ) {
			String next = page.getLink("next").getUrl();
			pages.add(next);
			page = fhir.get(next).as(Bundle.class);
		}
		assertThat(pages).isNotEmpty();
		for (String page : pages) {
			FhirHttp.Response response = patientApp().get(page);
			assertThat(response.body()).doesNotContain("Patient/" + OTHER);
			assertThat(response.status()).isIn(200, 403);
		}
	}

	@Test
	void aTransactionCannotReadAnotherPatient() {
		String transaction = """
				{"resourceType":"Bundle","type":"batch","entry":[
				 {"request":{"method":"GET","url":"Patient/dmd-child"}},
				 {"request":{"method":"GET","url":"Patient/%s"}}]}""".formatted(OTHER);
		FhirHttp.Response response = patientApp().post("", "application/fhir+json", transaction);
		assertThat(response.body()).doesNotContain("\"id\":\"" + OTHER + "\"");
	}

	@Test
	void historyAcrossATypeIsOnlyForSystemCallers() {
		assertThat(patientApp().get("Condition/_history").status()).isEqualTo(403);
		assertThat(patientApp().get("_history").status()).isEqualTo(403);
		assertThat(patientApp().get("Flag/dmd-alert/_history").status()).isEqualTo(200);
		assertThat(patientApp().get("Flag/swan-alert/_history").status()).isEqualTo(404);
		assertThat(fhir.get("Condition/_history?_count=1").status()).isEqualTo(200);
	}

	@Test
	void patientAppCannotWriteWithReadScopes() {
		FhirHttp.Response response = patientApp().post("Flag", "application/fhir+json", fhir.get("Flag/dmd-alert").body());
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("OperationOutcome", "Access denied");
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.map(Resource::getIdElement)
				.map(id -> id.getResourceType() + "/" + id.getIdPart())
				.toList();
	}
}
