package uk.concord.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.jpa.dao.data.ISearchDao;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/** A patient or carer asking for their health passport as an International Patient Summary. */
@EmbeddedServerTest
class PassportSummaryIT {

	static final String LOINC = "http://loinc.org";

	@LocalServerPort
	int port;

	@Autowired
	ISearchDao storedSearches;

	FhirHttp http;

	@BeforeEach
	void connect() {
		http = new FhirHttp(port);
	}

	Bundle summary(String path) {
		FhirHttp.Response response = http.get(path);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(Bundle.class);
	}

	@Test
	void summaryByIdIsADocumentWithTheRareDiseaseSections() {
		Bundle document = summary("Patient/dmd-child/$summary");

		assertThat(document.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
		Composition composition = (Composition) document.getEntryFirstRep().getResource();
		assertThat(composition.getTitle()).startsWith("Health passport for Oliver Bennett");
		assertThat(composition.getType().hasCoding(LOINC, "60591-5")).isTrue();
		assertThat(sectionCodes(composition)).contains(
				LOINC + "|11450-4", LOINC + "|104605-1", LOINC + "|85847-2", LOINC + "|18776-5",
				ConcordIpsGenerationStrategy.PASSPORT_SECTION_SYSTEM + "|emergency-care-plan",
				ConcordIpsGenerationStrategy.PASSPORT_SECTION_SYSTEM + "|key-documents");

		assertThat(entryIds(composition, "11450-4")).contains("Condition/dmd-condition");
		assertThat(entryIds(composition, "104605-1")).contains("Flag/dmd-alert");
		assertThat(entryIds(composition, "emergency-care-plan")).contains("CarePlan/dmd-emergency-care-plan");
		assertThat(entryIds(composition, "85847-2")).contains("CareTeam/dmd-care-team");
		assertThat(entryIds(composition, "18776-5")).contains(
				"CarePlan/dmd-emergency-care-plan", "CarePlan/dmd-coordinated-care-plan", "CarePlan/dmd-transition-plan");
		assertThat(entryIds(composition, "key-documents")).contains("DocumentReference/dmd-clinic-letter");

		Condition condition = resource(document, Condition.class, "dmd-condition");
		assertThat(condition.getCode().hasCoding("https://www.orpha.net", "98896")).isTrue();
		assertThat(resource(document, Flag.class, "dmd-alert").getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
		assertThat(resource(document, CarePlan.class, "dmd-emergency-care-plan").getDescription()).contains("hydrocortisone");

		CareTeam team = resource(document, CareTeam.class, "dmd-care-team");
		CareTeam.CareTeamParticipantComponent coordinator = team.getParticipant().stream()
				.filter(p -> p.getRoleFirstRep().hasCoding(CareTeamContacts.CARE_TEAM_ROLE_SYSTEM, "care-coordinator"))
				.findFirst()
				.orElseThrow();
		assertThat(coordinator.getMember().getReference()).endsWith("Practitioner/pract-nurse-specialist");
		Practitioner nurse = resource(document, Practitioner.class, "pract-nurse-specialist");
		assertThat(nurse.getNameFirstRep().getFamily()).isEqualTo("Patel");
		assertThat(nurse.getTelecom()).extracting(t -> t.getValue()).contains("020 7405 9201");
	}

	@Test
	void summaryByNhsNumberIsThePassportOfThatPatient() {
		Bundle document = summary("Patient/$summary?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919");

		Composition composition = (Composition) document.getEntryFirstRep().getResource();
		assertThat(composition.getSubject().getReference()).endsWith("Patient/dmd-child");
		assertThat(entryIds(composition, "104605-1")).contains("Flag/dmd-alert");
		assertThat(entryIds(composition, "85847-2")).contains("CareTeam/dmd-care-team");
	}

	@Test
	void theAuthorIsTheConcordServerNeverAPlaceholderOrganisation() {
		Bundle document = summary("Patient/dmd-child/$summary");
		Composition composition = (Composition) document.getEntryFirstRep().getResource();

		String author = composition.getAuthorFirstRep().getReference();
		Resource authorResource = document.getEntry().stream()
				.filter(e -> author.equals(e.getFullUrl()))
				.map(Bundle.BundleEntryComponent::getResource)
				.findFirst()
				.orElseThrow();
		assertThat(authorResource).isInstanceOf(Device.class);
		assertThat(((Device) authorResource).getDeviceNameFirstRep().getName()).isEqualTo("Concord");
		assertThat(document.getEntry()).noneMatch(e -> e.getResource() instanceof Organization o
				&& o.getName() != null && o.getName().contains("eHealthLab"));
		assertThat(http.get("Patient/dmd-child/$summary").body()).doesNotContain("eHealthLab", "Cyprus");
	}

	@Test
	void aSummaryLeavesNoStoredSearchesBehind() {
		// Stored searches are HAPI's paging state: rows written on every request, read back page by page, expired
		// later. A passport's sections are a few resources each and need none (issue 12: among $summary's largest costs).
		long before = storedSearches.count();

		Bundle document = summary("Patient/dmd-child/$summary");

		assertThat(entryIds((Composition) document.getEntryFirstRep().getResource(), "85847-2"))
				.contains("CareTeam/dmd-care-team");
		assertThat(storedSearches.count()).isEqualTo(before);
	}

	@Test
	void anUndiagnosedPatientHasAPassportToo() {
		Bundle document = summary("Patient/swan-adult/$summary");

		Composition composition = (Composition) document.getEntryFirstRep().getResource();
		assertThat(entryIds(composition, "11450-4")).contains("Condition/swan-condition");
		assertThat(entryIds(composition, "85847-2")).contains("CareTeam/swan-care-team");
	}

	@Test
	void anUnknownPatientGives404WithAnOperationOutcome() {
		FhirHttp.Response byId = http.get("Patient/no-such-patient/$summary");
		assertThat(byId.status()).isEqualTo(404);
		assertThat(byId.as(OperationOutcome.class).getIssueFirstRep().getSeverity())
				.isEqualTo(OperationOutcome.IssueSeverity.ERROR);

		FhirHttp.Response byNhsNumber = http.get("Patient/$summary?identifier=https://fhir.nhs.uk/Id/nhs-number|9999999999");
		assertThat(byNhsNumber.status()).isEqualTo(404);
		assertThat(byNhsNumber.as(OperationOutcome.class).hasIssue()).isTrue();
	}

	@Test
	void thePrintablePassportShowsWhatAnEmergencyClinicianNeeds() {
		FhirHttp.Response page = http.getAny("http://localhost:" + port + "/passport/Patient/dmd-child");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
		assertThat(page.raw().headers().firstValue("Cache-Control")).hasValueSatisfying(t -> assertThat(t).contains("no-store"));
		assertThat(page.body())
				.contains("Oliver Bennett")
				.contains("943 476 5919")
				.contains("Duchenne muscular dystrophy")
				.contains("ORPHA:98896")
				.contains("Sam Patel")
				.contains("020 7405 9201")
				.contains("sam.patel@nhs.example.uk")
				.contains("Do NOT use suxamethonium or volatile anaesthetics")
				.contains("adrenal crisis risk")
				.contains("Dr Amara Okafor")
				.contains("Dr Helen Brooks")
				.contains("Clinic letter from the October 2025 neuromuscular clinic")
				.contains("Produced by Concord")
				.contains("Correct as of")
				.contains("Mother (Claire Bennett), phone:")
				.contains("07700 900123")
				.contains("Sam Patel, care coordinator, phone:")
				.contains("No allergies are recorded", "No medicines are recorded")
				.doesNotContain("No information about")
				.doesNotContain("eHealthLab")
				.doesNotContain("<script");
	}

	@Test
	void thePrintablePassportIsFoundByNhsNumberAndUnknownPatientsGive404() {
		String base = "http://localhost:" + port + "/passport/Patient";
		FhirHttp.Response byNhsNumber = http.getAny(base + "?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919");
		assertThat(byNhsNumber.status()).isEqualTo(200);
		assertThat(byNhsNumber.body()).contains("Oliver Bennett").contains("Sam Patel");

		assertThat(http.getAny(base + "/no-such-patient").status()).isEqualTo(404);
		assertThat(http.getAny(base + "?identifier=https://fhir.nhs.uk/Id/nhs-number|9999999999").status()).isEqualTo(404);
	}

	@Test
	void aPassportShowsEachAllergyAndMedicineOnceAndTheFamilyWithWhoseNumberItIs() {
		String nhs = NhsNumbers.random();
		assertThat(http.post(http.base(), "application/fhir+json", SharedRecord.json(nhs, "Hartley", "passport")).status())
				.isEqualTo(200);
		String patient = "Patient/" + http.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
		for (int copy = 0; copy < 2; copy++) {
			create("AllergyIntolerance", """
					{"resourceType":"AllergyIntolerance","patient":{"reference":"%s"},"criticality":"high",
					 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
					 "code":{"text":"Penicillin"},"reaction":[{"manifestation":[{"text":"Anaphylaxis"}]}]}""".formatted(patient));
			create("MedicationStatement", """
					{"resourceType":"MedicationStatement","status":"active","subject":{"reference":"%s"},
					 "medicationCodeableConcept":{"text":"Prednisolone 5 mg tablets"},
					 "dosage":[{"text":"10 mg each morning"}]}""".formatted(patient));
		}
		create("RelatedPerson", """
				{"resourceType":"RelatedPerson","active":true,"patient":{"reference":"%s"},
				 "relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-RoleCode","code":"FTH","display":"father"}]}],
				 "name":[{"given":["Tom"],"family":"Hartley"}],"telecom":[{"system":"phone","value":"07700 900456"}]}"""
				.formatted(patient));

		FhirHttp.Response page = http.getAny("http://localhost:" + port + "/passport/" + patient);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body())
				.contains("Anaphylaxis", "High risk", "10 mg each morning", "Father (Tom Hartley), phone:", "07700 900456")
				.doesNotContain("No allergies are recorded", "No medicines are recorded");
		assertThat(occurrences(page.body(), "<strong>Penicillin</strong>")).isEqualTo(1);
		assertThat(occurrences(page.body(), "<strong>Prednisolone 5 mg tablets</strong>")).isEqualTo(1);
	}

	@Test
	void viewingThePassportPageIsAuditedAsTheCallersSummaryRequest() {
		Instant start = Instant.now().minusSeconds(1);
		FhirHttp gp = new FhirHttp(port).as("gp-riverside");
		assertThat(gp.getAny(gp.root() + "/passport/Patient/dmd-child").status()).isEqualTo(200);

		FhirHttp auditor = new FhirHttp(port).as("auditor");
		String url = "AuditEvent?entity=Patient/dmd-child&date=ge" + start + "&_count=100";
		AuditEvent summary = await("the $summary audit record").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
				.until(() -> auditor.get(url).as(Bundle.class).getEntry().stream()
						.map(e -> (AuditEvent) e.getResource())
						.filter(e -> e.getSubtype().stream().anyMatch(c -> "$summary".equals(c.getCode())))
						.filter(e -> e.getAgent().stream().anyMatch(a -> "gp-riverside".equals(a.getWho().hasReference()
								? a.getWho().getReference() : a.getWho().getIdentifier().getValue())))
						.findFirst(), Optional::isPresent)
				.get();
		assertThat(summary.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
	}

	void create(String type, String json) {
		FhirHttp.Response created = http.post(type, "application/fhir+json", json);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

	static List<String> sectionCodes(Composition composition) {
		return composition.getSection().stream()
				.flatMap(s -> s.getCode().getCoding().stream())
				.map(c -> c.getSystem() + "|" + c.getCode())
				.collect(Collectors.toList());
	}

	static List<String> entryIds(Composition composition, String sectionCode) {
		return composition.getSection().stream()
				.filter(s -> s.getCode().getCoding().stream().anyMatch(c -> sectionCode.equals(c.getCode())))
				.flatMap(s -> s.getEntry().stream())
				.map(r -> {
					String[] parts = r.getReference().split("/");
					return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : r.getReference();
				})
				.collect(Collectors.toList());
	}

	static <T extends Resource> T resource(Bundle document, Class<T> type, String id) {
		return document.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(type::isInstance)
				.filter(r -> id.equals(r.getIdElement().getIdPart()))
				.map(type::cast)
				.findFirst()
				.orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + "/" + id + " in the document"));
	}
}
