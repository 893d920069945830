package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Practitioner;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.FhirHttpInjector;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/**
 * The FHIR behaviour every Concord deployment must have, whatever its database. Subclasses choose the database; the
 * tests are the same.
 */
@ExtendWith(FhirHttpInjector.class)
abstract class CoreFhirApiContract {

	FhirHttp fhir;
	IGenericClient client;

	@Autowired
	IInterceptorService storageHooks;

	@Autowired
	IHapiTransactionService transactions;

	@Autowired
	DaoRegistry daos;

	@BeforeEach
	void connect() {
		client = fhir.client();
	}

	@Test
	void clinicianCreatesReadsUpdatesAndDeletesAPatientWithFullHistory() {
		Patient patient = patient(NhsNumbers.random(), "Okafor");
		IdType id = (IdType) client.create().resource(patient).execute().getId();
		assertThat(id.getVersionIdPart()).isEqualTo("1");

		Patient read = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
		assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Okafor");

		read.getNameFirstRep().setFamily("Okafor-Reid");
		MethodOutcome updated = client.update().resource(read).execute();
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

		Patient firstVersion = client.read().resource(Patient.class).withId(id.withVersion("1")).execute();
		assertThat(firstVersion.getNameFirstRep().getFamily()).isEqualTo("Okafor");

		Bundle history = client.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).hasSize(2);

		client.delete().resourceById(id.toUnqualifiedVersionless()).execute();
		assertThatThrownBy(() -> client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute())
				.isInstanceOf(ResourceGoneException.class);
	}

	@Test
	void aReadByIdRunsInAReadOnlyTransactionOfItsOwnAndInsideAWriteTakesPartInTheWrite() {
		IdType id = (IdType) client.create().resource(patient(NhsNumbers.random(), "Lindqvist")).execute().getId();
		String read = id.toUnqualifiedVersionless().getValue();
		TransactionsShown shown = new TransactionsShown();
		storageHooks.registerInterceptor(shown);
		try {
			client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
			assertThat(shown.readOnly).containsEntry(read, true);

			shown.readOnly.clear();
			Patient inside = transactions.withSystemRequest().execute(() -> (Patient)
					daos.getResourceDao(Patient.class).read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
			assertThat(inside.getNameFirstRep().getFamily()).isEqualTo("Lindqvist");
			assertThat(shown.readOnly).containsEntry(read, false);
		} finally {
			storageHooks.unregisterInterceptor(shown);
		}
	}

	/** Whether the transaction a record was shown in was read-only, by the record's id. */
	@Interceptor
	public static class TransactionsShown {
		final Map<String, Boolean> readOnly = new ConcurrentHashMap<>();

		@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
		public void shown(IPreResourceShowDetails details) {
			for (int i = 0; i < details.size(); i++) {
				if (details.getResource(i) != null && TransactionSynchronizationManager.isActualTransactionActive()) {
					readOnly.put(details.getResource(i).getIdElement().toUnqualifiedVersionless().getValue(),
							TransactionSynchronizationManager.isCurrentTransactionReadOnly());
				}
			}
		}
	}

	@Test
	void updateWithAStaleIfMatchVersionIsRefusedWith412AndChangesNothing() {
		IdType id = (IdType) client.create().resource(patient(NhsNumbers.random(), "Ahmed")).execute().getId();
		Patient current = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
		current.getNameFirstRep().setFamily("Ahmed-Khan");
		client.update().resource(current).withId(id.toUnqualifiedVersionless()).execute();

		current.getNameFirstRep().setFamily("Overwritten");
		FhirHttp.Response stale = fhir.send(HttpRequest.newBuilder(fhir.uri("Patient/" + id.getIdPart()))
				.header("Content-Type", "application/fhir+json")
				.header("If-Match", "W/\"1\"")
				.PUT(HttpRequest.BodyPublishers.ofString(FhirHttp.R4.newJsonParser().encodeResourceToString(current))));

		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.body()).contains("OperationOutcome").contains("not the current version");
		Patient after = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
		assertThat(after.getNameFirstRep().getFamily()).isEqualTo("Ahmed-Khan");
		assertThat(after.getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	void conditionalUpdateAndDeleteFindThePatientByNhsNumber() {
		String nhsNumber = NhsNumbers.random();
		String match = "Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber;
		Patient patient = patient(nhsNumber, "Walsh");

		MethodOutcome created = client.update().resource(patient).conditionalByUrl(match).execute();
		patient.getNameFirstRep().setFamily("Walsh-Byrne");
		MethodOutcome updated = client.update().resource(patient).conditionalByUrl(match).execute();

		assertThat(created.getCreated()).isTrue();
		assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
		client.delete().resourceConditionalByUrl(match).execute();
		assertThat(patientsWithNhsNumber(nhsNumber)).isEmpty();
	}

	@Test
	void readsCarryAnETagWithTheVersion() {
		IdType id = (IdType) client.create().resource(patient(NhsNumbers.random(), "Tag")).execute().getId();

		FhirHttp.Response read = fhir.get("Patient/" + id.getIdPart());

		assertThat(read.raw().headers().firstValue("ETag")).hasValue("W/\"1\"");
	}

	@Test
	void batchEntriesSucceedOrFailOnTheirOwn() {
		String nhsNumber = NhsNumbers.random();
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(patient(nhsNumber, "Batch")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/does-not-exist-" + UUID.randomUUID());

		Bundle response = client.transaction().withBundle(batch).execute();

		assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
		assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("404");
		assertThat(patientsWithNhsNumber(nhsNumber)).hasSize(1);
	}

	@Test
	void recordTransactionWithConditionalCreateOnNhsNumberIsIdempotent() {
		String nhsNumber = NhsNumbers.random();
		Bundle first = client.transaction().withBundle(SharedRecord.forPatient(nhsNumber, "Patel", "alpha")).execute();
		assertThat(first.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));

		Bundle second = client.transaction().withBundle(SharedRecord.forPatient(nhsNumber, "Patel", "alpha")).execute();
		assertThat(second.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("200"));
		assertThat(patientsWithNhsNumber(nhsNumber)).hasSize(1);

		Bundle teams = client.search()
				.byUrl("CareTeam?subject:Patient.identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)
				.returnBundle(Bundle.class)
				.execute();
		assertThat(teams.getEntry()).hasSize(2);
		String patientId = first.getEntry().get(2).getResponse().getLocation();
		assertThat(((CareTeam) teams.getEntryFirstRep().getResource()).getSubject().getReference())
				.isEqualTo(new IdType(patientId).toUnqualifiedVersionless().getValue());
	}

	@Test
	void transactionWithOneBadEntryStoresNothingAtAll() {
		String nhsNumber = NhsNumbers.random();
		Bundle bad = SharedRecord.forPatient(nhsNumber, "Nowak", "delta");
		bad.addEntry()
				.setResource(new org.hl7.fhir.r4.model.Basic().setSubject(new Reference("Patient/does-not-exist-" + UUID.randomUUID())))
				.getRequest()
				.setMethod(Bundle.HTTPVerb.POST)
				.setUrl("Basic");

		FhirHttp.Response response = fhir.post("", "application/fhir+json", FhirHttp.R4.newJsonParser().encodeResourceToString(bad));

		assertThat(response.status()).isBetween(400, 499);
		assertThat(response.body()).contains("OperationOutcome");
		assertThat(patientsWithNhsNumber(nhsNumber)).isEmpty();
	}

	@Test
	void gpFindsCareTeamsByNhsNumberWithTheirMembersIncluded() {
		String nhsNumber = NhsNumbers.random();
		client.transaction().withBundle(SharedRecord.forPatient(nhsNumber, "Evans", "beta")).execute();

		Bundle result = client.search()
				.byUrl("CareTeam?subject:Patient.identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber
						+ "&_include=CareTeam:participant&_include=CareTeam:subject")
				.returnBundle(Bundle.class)
				.execute();

		assertThat(result.getEntry())
				.extracting(e -> e.getResource().fhirType())
				.contains("CareTeam", "Practitioner", "Patient");
		Practitioner coordinator = result.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(Practitioner.class::isInstance)
				.map(Practitioner.class::cast)
				.findFirst()
				.orElseThrow();
		assertThat(coordinator.getNameFirstRep().getFamily()).isEqualTo("Coordinator");
	}

	@Test
	void patientSearchCanBringBackTheTeamsThatPointAtThePatient() {
		String nhsNumber = NhsNumbers.random();
		client.transaction().withBundle(SharedRecord.forPatient(nhsNumber, "Rev", "epsilon")).execute();

		Bundle result = client.search()
				.byUrl("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber + "&_revinclude=CareTeam:subject")
				.returnBundle(Bundle.class)
				.execute();

		assertThat(result.getEntry()).extracting(e -> e.getResource().fhirType())
				.containsExactlyInAnyOrder("Patient", "CareTeam", "CareTeam");
	}

	@Test
	void fullTextSearchFindsCarePlansAndDocumentsByAWordInTheirText() {
		String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		client.transaction().withBundle(SharedRecord.forPatient(NhsNumbers.random(), "Byrne", word)).execute();

		Bundle plans = client.search().byUrl("CarePlan?_content=" + word).returnBundle(Bundle.class).execute();
		Bundle documents = client.search().byUrl("DocumentReference?_content=" + word).returnBundle(Bundle.class).execute();
		Bundle nothing = client.search().byUrl("CarePlan?_content=nosuchword" + word).returnBundle(Bundle.class).execute();

		assertThat(plans.getEntry()).hasSize(1);
		assertThat(documents.getEntry()).hasSize(1);
		assertThat(nothing.getEntry()).isEmpty();
	}

	@Test
	void searchResultsArePagedAndFilterableByLastUpdated() {
		String family = "Page" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
		Instant before = Instant.now().minusSeconds(1);
		for (int i = 0; i < 5; i++) {
			client.create().resource(patient(NhsNumbers.random(), family)).execute();
		}

		Bundle page1 = client.search()
				.byUrl("Patient?family=" + family + "&_count=2&_lastUpdated=ge" + before)
				.returnBundle(Bundle.class)
				.execute();
		assertThat(page1.getEntry()).hasSize(2);
		assertThat(page1.getLink(Bundle.LINK_NEXT)).isNotNull();
		Bundle page2 = client.loadPage().next(page1).execute();
		Bundle page3 = client.loadPage().next(page2).execute();
		assertThat(page2.getEntry()).hasSize(2);
		assertThat(page3.getEntry()).hasSize(1);

		Bundle future = client.search()
				.byUrl("Patient?family=" + family + "&_lastUpdated=gt" + Instant.now().plusSeconds(3600))
				.returnBundle(Bundle.class)
				.execute();
		assertThat(future.getEntry()).isEmpty();
	}

	@Test
	void aSearchMatchingMoreThanTheLargestPageIsPagedToItsLastMatch() {
		String family = "Many" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
		Bundle load = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 230; i++) {
			load.addEntry().setResource(patient(NhsNumbers.random(), family)).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		}
		client.transaction().withBundle(load).execute();

		List<Integer> pages = new ArrayList<>();
		Bundle page = client.search().byUrl("Patient?family=" + family + "&_count=100").returnBundle(Bundle.class).execute();
		pages.add(page.getEntry().size());
		while (page.getLink(Bundle.LINK_NEXT) != null) {
			page = client.loadPage().next(page).execute();
			pages.add(page.getEntry().size());
		}

		// the largest page (concord.server.max-page-size, 200) limits a page, not how many matches a search reaches
		assertThat(pages).containsExactly(100, 100, 30);

		// a larger _count, also with the client's own offset, is a largest page: never more than that in memory
		for (String paging : List.of("&_count=5000", "&_count=5000&_offset=0")) {
			Bundle large = client.search().byUrl("Patient?family=" + family + paging).returnBundle(Bundle.class).execute();
			assertThat(large.getEntry()).as(paging).hasSize(200);
			assertThat(client.loadPage().next(large).execute().getEntry()).as(paging).hasSize(30);
		}
	}

	@Test
	void pagesOfASearchNeitherRepeatNorSkipARecordAndTheirLinksRepeatOnlyTheQuery() {
		String family = "Offset" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
		for (int i = 0; i < 7; i++) {
			client.create().resource(patient(NhsNumbers.random(), family)).execute();
		}
		List<String> all = client.search().byUrl("Patient?family=" + family + "&_count=50").returnBundle(Bundle.class)
				.execute().getEntry().stream().map(entry -> entry.getResource().getIdElement().getIdPart()).toList();

		List<String> paged = new ArrayList<>();
		List<String> links = new ArrayList<>();
		Bundle page = client.search().byUrl("Patient?family=" + family + "&_count=3").returnBundle(Bundle.class).execute();
		while (true) {
			page.getEntry().forEach(entry -> paged.add(entry.getResource().getIdElement().getIdPart()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			links.add(page.getLink(Bundle.LINK_NEXT).getUrl());
			page = client.loadPage().next(page).execute();
		}

		assertThat(all).hasSize(7);
		assertThat(paged).containsExactlyElementsOf(all);
		assertThat(links).hasSize(2).allSatisfy(link -> assertThat(link)
				.contains("Patient?family=" + family + "&_count=3&_offset=").doesNotContain("_getpages"));
	}

	@Test
	void patientEverythingReturnsTheWholeSharedRecord() {
		String nhsNumber = NhsNumbers.random();
		Bundle created = client.transaction().withBundle(SharedRecord.forPatient(nhsNumber, "Singh", "gamma")).execute();
		IdType patientId = new IdType(created.getEntry().get(2).getResponse().getLocation());

		Bundle everything = client.operation()
				.onInstance(patientId.toUnqualifiedVersionless())
				.named("$everything")
				.withNoParameters(org.hl7.fhir.r4.model.Parameters.class)
				.returnResourceType(Bundle.class)
				.execute();

		assertThat(everything.getEntry())
				.extracting(e -> e.getResource().fhirType())
				.contains("Patient", "Condition", "CareTeam", "CarePlan", "DocumentReference", "Practitioner");
	}

	@Test
	void resourcesAreAvailableAsXmlAsWellAsJson() {
		IdType id = (IdType) client.create().resource(patient(NhsNumbers.random(), "Murphy")).execute().getId();

		FhirHttp.Response xml = fhir.send(java.net.http.HttpRequest.newBuilder(fhir.uri("Patient/" + id.getIdPart()))
				.header("Accept", "application/fhir+xml")
				.GET());

		assertThat(xml.status()).isEqualTo(200);
		assertThat(xml.body()).startsWith("<Patient xmlns=\"http://hl7.org/fhir\">").contains("Murphy");
	}

	@Test
	void aResourceSentWithoutANarrativeIsStoredWithAGeneratedOne() {
		IdType id = (IdType) client.create().resource(patient(NhsNumbers.random(), "Kowalski")).execute().getId();

		Patient read = fhir.get("Patient/" + id.getIdPart()).as(Patient.class);

		assertThat(read.getText().getStatus()).isEqualTo(Narrative.NarrativeStatus.GENERATED);
		assertThat(read.getText().getDivAsString()).contains("KOWALSKI");
	}

	@Test
	void aTransactionsResponseReportsEachEntryWithoutRenderingANarrativeForItsReceipt() {
		Bundle record = SharedRecord.forPatient(NhsNumbers.random(), "Nowak", "zeta");

		FhirHttp.Response response = fhir.post("", "application/fhir+json",
				FhirHttp.R4.newJsonParser().encodeResourceToString(record));

		assertThat(response.status()).isEqualTo(200);
		Bundle answer = response.as(Bundle.class);
		assertThat(answer.getEntry()).hasSize(record.getEntry().size()).allSatisfy(entry -> {
			assertThat(entry.getResponse().getStatus()).startsWith("201");
			OperationOutcome receipt = (OperationOutcome) entry.getResponse().getOutcome();
			assertThat(receipt.getIssueFirstRep().getDiagnostics()).startsWith("Successfully").contains("created resource");
			assertThat(receipt.getText().isEmpty()).isTrue();
		});
	}

	@Test
	void aContainedResourceIsStoredAndReturnedWithTheReferenceThatPointsToIt() {
		Patient patient = patient(NhsNumbers.random(), "Adeyemi");
		Organization practice = new Organization();
		practice.setId("#usual-gp");
		practice.addIdentifier().setSystem(SharedRecord.ODS).setValue("Y90210");
		practice.setName("Harbourside Surgery");
		patient.getContained().add(practice);
		patient.addGeneralPractitioner().setReference("#usual-gp");
		IdType id = (IdType) client.create().resource(patient).execute().getId();

		for (String path : List.of("Patient/" + id.getIdPart(), "Patient?_id=" + id.getIdPart())) {
			FhirHttp.Response response = fhir.get(path);
			assertThat(response.status()).isEqualTo(200);
			Patient returned = path.contains("?")
					? (Patient) response.as(Bundle.class).getEntryFirstRep().getResource()
					: response.as(Patient.class);
			assertThat(returned.getContained()).singleElement().satisfies(contained -> {
				assertThat(contained.getIdElement().getIdPart()).isEqualTo("usual-gp");
				assertThat(((Organization) contained).getName()).isEqualTo("Harbourside Surgery");
			});
			assertThat(response.body()).contains("\"reference\":\"#usual-gp\"");
		}
	}

	List<Bundle.BundleEntryComponent> patientsWithNhsNumber(String nhsNumber) {
		return client.search()
				.byUrl("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)
				.returnBundle(Bundle.class)
				.execute()
				.getEntry();
	}

	static Patient patient(String nhsNumber, String family) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(NhsNumbers.SYSTEM).setValue(nhsNumber);
		patient.addName().setFamily(family).addGiven("Sam");
		patient.setGender(AdministrativeGender.UNKNOWN);
		patient.setBirthDate(Date.from(Instant.parse("2012-03-04T00:00:00Z")));
		return patient;
	}

}
