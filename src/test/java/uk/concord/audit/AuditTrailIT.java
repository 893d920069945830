package uk.concord.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/**
 * Every access to patient data leaves an AuditEvent naming the client, the user and their organisation, what was
 * touched, when and with what outcome; the auditor, and only the auditor, can search them; nobody can change or
 * delete them.
 */
@EmbeddedServerTest
class AuditTrailIT {

	FhirHttp fhir;

	@Autowired
	AuditTrail trail;

	@Test
	void aClinicianReadIsRecordedWithClientUserAndOrganisation() {
		Instant start = Instant.now().minusSeconds(1);
		assertThat(fhir.as("gp-riverside").get("DocumentReference/dmd-clinic-letter").status()).isEqualTo(200);

		AuditEvent event = awaitEvent("entity=DocumentReference/dmd-clinic-letter", start,
				e -> agents(e).contains("gp-riverside") && entities(e).contains("Patient/dmd-child"));
		assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
		assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		assertThat(event.getSubtype()).extracting(Coding::getCode).contains("read");
		assertThat(agents(event)).contains("gp-riverside", "Practitioner/pract-gp-riverside", "Y90001");
		assertThat(entities(event)).anyMatch(what -> what.startsWith("DocumentReference/dmd-clinic-letter/_history/"));
	}

	@Test
	void searchesAndWritesAreRecorded() {
		Instant start = Instant.now().minusSeconds(1);
		assertThat(fhir.as("patient-app").get("Goal?patient=dmd-child").status()).isEqualTo(200);
		AuditEvent search = awaitEvent("patient=Patient/dmd-child", start, e -> agents(e).contains("patient-app")
				&& e.getSubtype().stream().anyMatch(code -> "search-type".equals(code.getCode())));
		assertThat(search.getEntity()).anySatisfy(entity -> assertThat(entity.hasQuery()).isTrue());

		String nhs = NhsNumbers.random();
		FhirHttp.Response created = fhir.post("Patient", "application/fhir+json", """
				{"resourceType":"Patient","identifier":[{"system":"%s","value":"%s"}],"name":[{"family":"Audited"}],
				 "gender":"female","birthDate":"1990-01-01"}""".formatted(NhsNumbers.SYSTEM, nhs));
		assertThat(created.status()).isEqualTo(201);
		String patient = created.as(org.hl7.fhir.r4.model.Patient.class).getIdElement().toUnqualifiedVersionless().getValue();
		AuditEvent write = awaitEvent("entity=" + patient, start, e -> agents(e).contains("ehr-system")
				&& e.getAction() == AuditEvent.AuditEventAction.C);
		assertThat(write.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
	}

	@Test
	void operationsAndHistoryAreRecordedWithThePatientsTheyShowed() {
		Instant start = Instant.now().minusSeconds(1);
		assertThat(fhir.as("gp-riverside").get("Patient/dmd-child/$everything").status()).isEqualTo(200);
		assertThat(fhir.get("Patient/swan-adult/_history").status()).isEqualTo(200);

		AuditEvent everything = awaitEvent("entity=Patient/dmd-child", start, e -> agents(e).contains("gp-riverside")
				&& e.getSubtype().stream().anyMatch(code -> "$everything".equals(code.getCode())));
		assertThat(everything.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
		assertThat(awaitEvent("entity=Patient/swan-adult", start, e -> e.getSubtype().stream()
				.anyMatch(code -> "history-instance".equals(code.getCode())))).isNotNull();
	}

	@Test
	void aCareTeamLookupIsRecordedOnceForItsPatientNotOnceForEachMember() {
		Instant start = Instant.now().minusSeconds(1);
		String marker = "zq" + UUID.randomUUID().toString().replace("-", "");
		assertThat(fhir.as("gp-riverside").get("CareTeam?subject:Patient.identifier=" + NhsNumbers.SYSTEM
				+ "|9434765919&status=active&_include=CareTeam:participant&_tag:not=" + marker).status()).isEqualTo(200);
		// one writer stores records in order, so once a later request's record is there, all of the lookup's are
		String later = "zq" + UUID.randomUUID().toString().replace("-", "");
		assertThat(fhir.get("Condition?subject=Patient/dmd-child&_tag:not=" + later).status()).isEqualTo(200);
		awaitEvent("patient=Patient/dmd-child", start, e -> describes(e, later));

		List<AuditEvent> lookup = fhir.as("auditor").get("AuditEvent?date=ge" + start + "&_count=500").as(Bundle.class)
				.getEntry().stream()
				.map(entry -> (AuditEvent) entry.getResource())
				.filter(e -> describes(e, marker))
				.toList();
		assertThat(lookup).singleElement().satisfies(record -> assertThat(record.getEntity())
				.filteredOn(entity -> "1".equals(entity.getRole().getCode()))
				.extracting(entity -> entity.getWhat().getReference())
				.containsExactly("Patient/dmd-child"));
	}

	@Test
	void aSearchShowingSeveralPatientsIsFoundByEachPatientAndEachRecordNamesOnlyItsOwn() {
		Instant start = Instant.now().minusSeconds(1);
		String marker = "zq" + UUID.randomUUID().toString().replace("-", "");
		List<String> patients = List.of("Patient/dmd-child", "Patient/dmd-sibling", "Patient/swan-adult");
		assertThat(fhir.get("Patient?_id=dmd-child,dmd-sibling,swan-adult&_tag:not=" + marker).as(Bundle.class).getEntry())
				.hasSize(3);

		for (String patient : patients) {
			FhirHttp auditor = fhir.as("auditor");
			List<AuditEvent> found = await("the search's record found by " + patient)
					.atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> auditor.get("AuditEvent?patient=" + patient + "&date=ge" + start + "&_count=100")
							.as(Bundle.class).getEntry().stream()
							.map(entry -> (AuditEvent) entry.getResource())
							.filter(event -> describes(event, marker))
							.toList(), records -> !records.isEmpty());
			assertThat(found).as(patient).singleElement().satisfies(record -> assertThat(record.getEntity())
					.filteredOn(entity -> "1".equals(entity.getRole().getCode()))
					.extracting(entity -> entity.getWhat().getReference())
					.containsExactly(patient));
			assertThat(auditor.get("AuditEvent?entity=" + patient + "&date=ge" + start + "&_count=100").as(Bundle.class)
					.getEntry()).filteredOn(entry -> describes((AuditEvent) entry.getResource(), marker)).hasSize(1);
		}
	}

	@Test
	void eachRequestAnsweredFromAnEarlierStoredSearchIsRecordedAsItsOwn() {
		// a full-text search repeated by its caller with nothing written between is answered from the first
		// (security/OwnSearchesReused); each request must still leave its own record
		Instant start = Instant.now().minusSeconds(1);
		FhirHttp gp = fhir.as("gp-riverside");
		String search = "DocumentReference?_content=Oliver&_count=1";
		List<String> requests = new ArrayList<>();
		boolean reused = false;
		for (int attempt = 0; attempt < 5 && !reused; attempt++) {
			FhirHttp.Response first = gp.get(search);
			FhirHttp.Response second = gp.get(search);
			requests.add(first.raw().headers().firstValue("X-Request-ID").orElseThrow());
			requests.add(second.raw().headers().firstValue("X-Request-ID").orElseThrow());
			reused = first.as(Bundle.class).getId().equals(second.as(Bundle.class).getId());
		}
		assertThat(reused).as("a repeat answered from the first search").isTrue();

		for (String request : requests) {
			AuditEvent event = awaitEvent("patient=Patient/dmd-child", start, e -> requestIds(e).contains(request));
			assertThat(agents(event)).contains("gp-riverside");
			assertThat(event.getSubtype()).extracting(Coding::getCode).contains("search-type");
		}
	}

	@Test
	void aRefusedRequestIsRecordedAsAFailure() {
		Instant start = Instant.now().minusSeconds(1);
		assertThat(fhir.as("ed-clinician").get("Patient/swan-adult").status()).isEqualTo(403);
		AuditEvent refused = awaitEvent("entity=Patient/swan-adult", start, e -> agents(e).contains("ed-clinician"));
		assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
		assertThat(refused.getOutcomeDesc()).contains("Access denied");
	}

	@Test
	void breakingTheGlassIsRecordedWithTheReason() {
		Instant start = Instant.now().minusSeconds(1);
		String reason = "Collapsed in ED " + UUID.randomUUID();
		FhirHttp.Response read = fhir.as("ed-clinician").send(HttpRequest.newBuilder(fhir.uri("CarePlan/dmd-emergency-care-plan"))
				.header("Accept", "application/fhir+json")
				.header("X-Break-Glass-Reason", reason)
				.GET());
		assertThat(read.status()).isEqualTo(200);
		AuditEvent event = awaitEvent("entity=CarePlan/dmd-emergency-care-plan", start,
				e -> e.getPurposeOfEvent().stream().anyMatch(purpose -> reason.equals(purpose.getText())));
		assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("BTG");
		assertThat(agents(event)).contains("ed-clinician", "RRK");
	}

	@Test
	void onlyTheAuditorSearchesAuditRecordsAndNobodyChangesThem() {
		Bundle found = fhir.as("auditor").get("AuditEvent?_count=1").as(Bundle.class);
		assertThat(found.getEntry()).isNotEmpty();
		String id = found.getEntryFirstRep().getResource().getIdElement().getIdPart();
		String body = fhir.as("auditor").get("AuditEvent/" + id).body();

		for (String client : List.of("ehr-system", "gp-riverside", "patient-app")) {
			assertThat(fhir.as(client).get("AuditEvent?_count=1").status()).as(client).isEqualTo(403);
			assertThat(fhir.as(client).get("AuditEvent/" + id).status()).as(client).isEqualTo(403);
		}
		for (String client : List.of("ehr-system", "auditor")) {
			FhirHttp as = fhir.as(client);
			assertThat(as.send(HttpRequest.newBuilder(as.uri("AuditEvent/" + id))
					.header("Content-Type", "application/fhir+json")
					.PUT(HttpRequest.BodyPublishers.ofString(body.replace("\"outcome\":\"0\"", "\"outcome\":\"8\"")))).status())
					.as(client + " update").isEqualTo(403);
			assertThat(as.send(HttpRequest.newBuilder(as.uri("AuditEvent/" + id))
					.header("Content-Type", "application/json-patch+json")
					.method("PATCH", HttpRequest.BodyPublishers.ofString(
							"[{\"op\":\"replace\",\"path\":\"/outcome\",\"value\":\"8\"}]"))).status())
					.as(client + " patch").isEqualTo(403);
			assertThat(as.delete("AuditEvent/" + id).status())
					.as(client + " delete").isEqualTo(403);
			assertThat(as.post("AuditEvent", "application/fhir+json", body).status()).as(client + " create")
					.isEqualTo(403);
		}
		assertThat(fhir.as("auditor").get("AuditEvent/" + id).body()).isEqualTo(body);
	}

	@Test
	void auditRecordsDoNotAppearInsideAPatientsRecord() {
		Bundle everything = fhir.get("Patient/dmd-child/$everything?_count=500").as(Bundle.class);
		assertThat(everything.getEntry()).noneMatch(entry -> entry.getResource() instanceof AuditEvent);
	}

	@Test
	void auditRecordsDoNotComeAlongWithAnIncludeOrAHistory() {
		Instant start = Instant.now().minusSeconds(1);
		assertThat(fhir.get("Patient/dmd-child").status()).isEqualTo(200);
		awaitEvent("entity=Patient/dmd-child", start, e -> true);

		for (String client : List.of("ehr-system", "gp-riverside")) {
			for (String include : List.of("_revinclude=AuditEvent:entity", "_revinclude=*")) {
				FhirHttp.Response found = fhir.as(client).get("Patient?_id=dmd-child&" + include);
				assertThat(found.status()).as(client + " " + include).isEqualTo(200);
				List<String> types = found.as(Bundle.class).getEntry().stream()
						.map(entry -> entry.getResource().fhirType()).toList();
				assertThat(types).as(client + " " + include).contains("Patient").doesNotContain("AuditEvent");
			}
		}
		FhirHttp.Response history = fhir.get("_history?_count=100&_since=" + start);
		assertThat(history.status()).isEqualTo(200);
		assertThat(history.as(Bundle.class).getEntry()).noneMatch(entry -> entry.getResource() instanceof AuditEvent);
	}

	@Test
	void auditRecordsAreFoundBySearchParametersButNotByFullText() {
		Instant start = Instant.now().minusSeconds(1);
		String marker = "zq" + UUID.randomUUID().toString().replace("-", "");
		assertThat(fhir.get("Condition?subject=Patient/dmd-child&_tag:not=" + marker).status()).isEqualTo(200);

		AuditEvent event = awaitEvent("patient=Patient/dmd-child", start, e -> describes(e, marker));
		assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
		FhirHttp.Response fullText = fhir.as("auditor").get("AuditEvent?_content=" + marker);
		assertThat(fullText.status()).isEqualTo(400);
		assertThat(fullText.body()).contains("Audit records cannot be searched with _content").doesNotContain(marker + "\"");
	}

	@Test
	void recordsStoredTogetherAreAllKeptAsRecordedWhenOneOfThemNamesAResourceThatDoesNotExist() {
		Instant start = Instant.now().minusSeconds(1);
		String marker = "batch-" + UUID.randomUUID();
		List<String> patients = List.of("Patient/dmd-child", "Patient/gone-" + UUID.randomUUID(), "Patient/swan-adult");
		// queued back to back, so the writer stores them in one transaction
		patients.forEach(patient -> trail.recordAuditEvent(record(patient, marker)));

		FhirHttp auditor = fhir.as("auditor");
		List<AuditEvent> stored = await("three audit records marked " + marker)
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> auditor.get("AuditEvent?date=ge" + start + "&_count=500").as(Bundle.class).getEntry().stream()
						.map(entry -> (AuditEvent) entry.getResource())
						.filter(event -> describes(event, marker))
						.toList(), found -> found.size() == 3);
		// the record naming a patient that does not exist is kept as it was recorded, and found by that patient
		assertThat(stored).flatExtracting(AuditTrailIT::entities).containsExactlyInAnyOrderElementsOf(patients);
		assertThat(auditor.get("AuditEvent?entity=" + patients.get(1)).as(Bundle.class).getEntry())
				.filteredOn(entry -> describes((AuditEvent) entry.getResource(), marker)).hasSize(1);
	}

	private static AuditEvent record(String patient, String marker) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"))
				.setAction(AuditEvent.AuditEventAction.R)
				.setRecorded(new java.util.Date())
				.setOutcome(AuditEvent.AuditEventOutcome._0);
		event.getSource().setObserver(new org.hl7.fhir.r4.model.Reference().setDisplay("AuditTrailIT"));
		event.addAgent().setRequestor(true).setWho(new org.hl7.fhir.r4.model.Reference().setDisplay("AuditTrailIT"));
		event.addEntity().setWhat(new org.hl7.fhir.r4.model.Reference(patient)).setDescription(marker);
		return event;
	}

	private AuditEvent awaitEvent(String search, Instant since, Predicate<AuditEvent> wanted) {
		FhirHttp auditor = fhir.as("auditor");
		String url = "AuditEvent?" + search + "&date=ge" + since + "&_count=100";
		return await("a matching audit event for " + url)
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> auditor.get(url).as(Bundle.class).getEntry().stream()
						.map(entry -> (AuditEvent) entry.getResource())
						.filter(wanted)
						.findFirst(), Optional::isPresent)
				.get();
	}

	private static boolean describes(AuditEvent event, String text) {
		return event.getEntity().stream().anyMatch(entity -> entity.hasDescription() && entity.getDescription().contains(text));
	}

	private static List<String> entities(AuditEvent event) {
		return event.getEntity().stream()
				.filter(entity -> entity.getWhat().hasReference())
				.map(entity -> entity.getWhat().getReference())
				.toList();
	}

	private static List<String> requestIds(AuditEvent event) {
		return event.getEntity().stream()
				.filter(entity -> "XrequestId".equals(entity.getType().getCode()))
				.map(entity -> entity.getWhat().getIdentifier().getValue())
				.toList();
	}

	private static List<String> agents(AuditEvent event) {
		return event.getAgent().stream()
				.map(agent -> agent.getWho().hasReference()
						? agent.getWho().getReference()
						: agent.getWho().getIdentifier().getValue())
				.toList();
	}
}
