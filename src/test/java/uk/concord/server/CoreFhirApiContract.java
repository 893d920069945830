package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/**
 * The FHIR behaviour every Concord deployment must have, whatever its database. Subclasses choose the database; the
 * tests are the same.
 */
abstract class CoreFhirApiContract {

	@LocalServerPort
	int port;

	FhirHttp fhir;
	IGenericClient client;

	@BeforeEach
	void connect() {
		fhir = new FhirHttp(port);
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
	void recordTransactionWithConditionalCreateOnNhsNumberIsIdempotent() {
		String nhsNumber = NhsNumbers.random();
		Bundle first = client.transaction().withBundle(recordTransaction(nhsNumber, "Patel", false)).execute();
		assertThat(first.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));

		Bundle second = client.transaction().withBundle(recordTransaction(nhsNumber, "Patel", false)).execute();
		assertThat(second.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("200"));
		assertThat(patientsWithNhsNumber(nhsNumber)).hasSize(1);

		Bundle teams = client.search()
				.byUrl("CareTeam?subject:Patient.identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)
				.returnBundle(Bundle.class)
				.execute();
		assertThat(teams.getEntry()).hasSize(2);
		String patientId = first.getEntryFirstRep().getResponse().getLocation();
		assertThat(((CareTeam) teams.getEntryFirstRep().getResource()).getSubject().getReference())
				.isEqualTo(new IdType(patientId).toUnqualifiedVersionless().getValue());
	}

	@Test
	void transactionWithOneBadEntryStoresNothingAtAll() {
		String nhsNumber = NhsNumbers.random();
		Bundle bad = recordTransaction(nhsNumber, "Nowak", true);

		FhirHttp.Response response = fhir.post("", "application/fhir+json", FhirHttp.R4.newJsonParser().encodeResourceToString(bad));

		assertThat(response.status()).isBetween(400, 499);
		assertThat(response.body()).contains("OperationOutcome");
		assertThat(patientsWithNhsNumber(nhsNumber)).isEmpty();
	}

	@Test
	void gpFindsCareTeamsByNhsNumberWithTheirMembersIncluded() {
		String nhsNumber = NhsNumbers.random();
		client.transaction().withBundle(recordTransaction(nhsNumber, "Evans", false)).execute();

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
	void fullTextSearchFindsCarePlansAndDocumentsByAWordInTheirText() {
		String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		IdType patient = (IdType) client.create().resource(patient(NhsNumbers.random(), "Byrne")).execute().getId();
		CarePlan plan = new CarePlan()
				.setStatus(CarePlan.CarePlanStatus.ACTIVE)
				.setIntent(CarePlan.CarePlanIntent.PLAN)
				.setSubject(new Reference(patient.toUnqualifiedVersionless()))
				.setDescription("Overnight ventilation plan; review " + word + " settings with respiratory team");
		client.create().resource(plan).execute();
		DocumentReference letter = new DocumentReference()
				.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT)
				.setSubject(new Reference(patient.toUnqualifiedVersionless()))
				.setDescription("Clinic letter mentioning " + word);
		client.create().resource(letter).execute();

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
	void patientEverythingReturnsThePatientWithTheirCareTeamsAndMembers() {
		String nhsNumber = NhsNumbers.random();
		Bundle created = client.transaction().withBundle(recordTransaction(nhsNumber, "Singh", false)).execute();
		IdType patientId = new IdType(created.getEntryFirstRep().getResponse().getLocation());

		Bundle everything = client.operation()
				.onInstance(patientId.toUnqualifiedVersionless())
				.named("$everything")
				.withNoParameters(org.hl7.fhir.r4.model.Parameters.class)
				.returnResourceType(Bundle.class)
				.execute();

		assertThat(everything.getEntry())
				.extracting(e -> e.getResource().fhirType())
				.contains("Patient", "CareTeam", "Practitioner");
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

	List<Bundle.BundleEntryComponent> patientsWithNhsNumber(String nhsNumber) {
		return client.search()
				.byUrl("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)
				.returnBundle(Bundle.class)
				.execute()
				.getEntry();
	}

	static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
	static final String SDS_USER = "https://fhir.nhs.uk/Id/sds-user-id";
	static final String TEAM_IDS = "https://example.org/test/care-team-id";

	static void conditionalCreate(Bundle bundle, String fullUrl, org.hl7.fhir.r4.model.Resource resource, String match) {
		bundle.addEntry()
				.setFullUrl(fullUrl)
				.setResource(resource)
				.getRequest()
				.setMethod(Bundle.HTTPVerb.POST)
				.setUrl(resource.fhirType())
				.setIfNoneExist(match);
	}

	static Patient patient(String nhsNumber, String family) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(NhsNumbers.SYSTEM).setValue(nhsNumber);
		patient.addName().setFamily(family).addGiven("Sam");
		patient.setGender(AdministrativeGender.UNKNOWN);
		patient.setBirthDate(Date.from(Instant.parse("2012-03-04T00:00:00Z")));
		return patient;
	}

	/**
	 * A small shared record: the patient, a GP practice, a coordinator and two care teams, linked by urn:uuid
	 * references; each entry is created only if nothing with its business identifier (NHS Number, ODS code, SDS user
	 * id, team id) exists yet, so the same bundle can be sent again safely. With {@code broken} the last entry points at a
	 * resource that does not exist, which must fail the whole transaction.
	 */
	static Bundle recordTransaction(String nhsNumber, String family, boolean broken) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientUrn = "urn:uuid:" + UUID.randomUUID();
		String practiceUrn = "urn:uuid:" + UUID.randomUUID();
		String coordinatorUrn = "urn:uuid:" + UUID.randomUUID();

		conditionalCreate(bundle, patientUrn, patient(nhsNumber, family), "identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber);
		Organization practice = new Organization().setName("Riverside Surgery");
		String odsCode = "T" + nhsNumber.substring(5);
		practice.addIdentifier().setSystem(ODS).setValue(odsCode);
		conditionalCreate(bundle, practiceUrn, practice, "identifier=" + ODS + "|" + odsCode);
		Practitioner coordinator = new Practitioner();
		coordinator.addName().setFamily("Coordinator").addGiven("Jo");
		String sdsUserId = "10" + nhsNumber;
		coordinator.addIdentifier().setSystem(SDS_USER).setValue(sdsUserId);
		conditionalCreate(bundle, coordinatorUrn, coordinator, "identifier=" + SDS_USER + "|" + sdsUserId);

		for (String name : List.of("neuromuscular", "community")) {
			CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setName(name + " team");
			team.addIdentifier().setSystem(TEAM_IDS).setValue(nhsNumber + "-" + name);
			team.setSubject(new Reference(patientUrn));
			team.addParticipant().setMember(new Reference(coordinatorUrn)).setOnBehalfOf(new Reference(practiceUrn));
			conditionalCreate(bundle, "urn:uuid:" + UUID.randomUUID(), team, "identifier=" + TEAM_IDS + "|" + nhsNumber + "-" + name);
		}
		if (broken) {
			CareTeam orphan = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE);
			orphan.setSubject(new Reference("Patient/does-not-exist-" + UUID.randomUUID()));
			bundle.addEntry().setResource(orphan).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("CareTeam");
		}
		return bundle;
	}
}
