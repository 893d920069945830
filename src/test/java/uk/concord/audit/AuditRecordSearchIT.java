package uk.concord.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import javax.sql.DataSource;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * Audit records live in a store of their own, and the auditor searches them with AuditEvent's search parameters as on
 * any FHIR server: each finds exactly the records it should, pages link on, and what the store cannot answer is
 * refused rather than answered wider.
 */
@EmbeddedServerTest
class AuditRecordSearchIT {

	private static final String SUBTYPES = "https://example.org/audit-search-test";

	FhirHttp fhir;

	@Autowired
	AuditTrail trail;

	@Autowired
	AuditStore store;

	@Autowired
	AuditIndexValues index;

	@Autowired
	DaoRegistry daos;

	@Autowired
	DataSource dataSource;

	@Autowired
	FhirContext context;

	@Autowired
	ISearchParamExtractor extractor;

	private String run;
	private FhirHttp auditor;

	@BeforeEach
	void threeRecords() {
		run = UUID.randomUUID().toString().substring(0, 8);
		auditor = fhir.as("auditor");
		trail.recordAuditEvent(record(1, "2020-01-01T10:00:00Z", "0", "first"));
		trail.recordAuditEvent(record(2, "2020-06-01T10:00:00Z", "0", "second"));
		trail.recordAuditEvent(record(3, "2021-01-01T10:00:00Z", "8", "first"));
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
				.until(() -> auditor.total("AuditEvent?agent-name=Searcher" + run) == 3);
	}

	@Test
	void eachKindOfParameterFindsExactlyTheRecordsItNames() {
		assertThat(found("entity=Patient/search-" + run + "-1")).containsExactly(1);
		assertThat(found("entity=search-" + run + "-2")).containsExactly(2);
		assertThat(found("patient=Patient/search-" + run + "-1,Patient/search-" + run + "-3")).containsExactly(1, 3);
		assertThat(found("entity=Patient/search-" + run + "-1&entity=Patient/search-" + run + "-2")).isEmpty();
		assertThat(found("subtype=" + SUBTYPES + "|first&agent-name=searcher" + run)).containsExactly(1, 3);
		assertThat(found("subtype=second&agent-name=searcher" + run)).containsExactly(2);
		assertThat(found("subtype=https://elsewhere.org|second&agent-name=searcher" + run)).isEmpty();
		assertThat(found("subtype:not=" + SUBTYPES + "|first&agent-name=searcher" + run)).containsExactly(2);
		assertThat(found("outcome=8&agent-name=SEARCHER" + run)).containsExactly(3);
		assertThat(found("agent-name:exact=Searcher" + run)).containsExactly(1, 2, 3);
		assertThat(found("agent-name:exact=searcher" + run)).isEmpty();
		assertThat(found("agent-name:contains=rcher" + run)).containsExactly(1, 2, 3);
		assertThat(found("date=ge2020-03-01&date=lt2021-01-01&agent-name=searcher" + run)).containsExactly(2);
		assertThat(found("date=2020-01-01&agent-name=searcher" + run)).containsExactly(1);
		assertThat(found("_lastUpdated=lt2020-01-01&agent-name=searcher" + run)).isEmpty();
	}

	@Test
	void recordsAlikeButForTheirPatientStoreWhatTheyShareOnce() {
		for (int number = 10; number < 30; number++) {
			trail.recordAuditEvent(record(number, "2022-03-01T10:00:00Z", "0", "alike"));
		}
		Bundle all = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
				.until(() -> auditor.get("AuditEvent?subtype=alike&agent-name=searcher" + run + "&_count=50").as(Bundle.class),
						bundle -> bundle.getTotal() == 20);

		// by id: this search is audited too, by records naming the same patients
		String ids = all.getEntry().stream().map(entry -> "'" + entry.getResource().getIdElement().getIdPart() + "'")
				.collect(Collectors.joining(","));
		JdbcTemplate database = new JdbcTemplate(dataSource);
		String alike = "SELECT r.SHAPE FROM CONCORD_AUDIT_RECORD r WHERE r.FHIR_ID IN (" + ids + ")";
		List<Long> shapes = database.queryForList(alike, Long.class);
		assertThat(shapes).hasSize(20).containsOnly(shapes.get(0));
		long sharedValues = index.extracted(record(10, "2022-03-01T10:00:00Z", "0", "alike")).stream()
				.filter(value -> !value.own()).count();
		assertThat(database.queryForObject("SELECT COUNT(*) FROM CONCORD_AUDIT_SHAPE_VALUE WHERE SHAPE = ?", Long.class,
				shapes.get(0))).isEqualTo(sharedValues).isGreaterThan(3);
		// each record keeps only its references as rows of its own
		assertThat(database.queryForList("SELECT DISTINCT v.PARAM FROM CONCORD_AUDIT_VALUE v WHERE v.RECORD_ID IN ("
				+ alike.replace("r.SHAPE", "r.PID") + ")", String.class)).containsExactlyInAnyOrder("entity", "patient");
		assertThat(found("subtype=alike&entity=Patient/search-" + run + "-17")).containsExactly(17);
		assertThat(found("subtype:not=alike&outcome=0")).containsExactly(1, 2);
	}

	@Test
	void recordsStoredBeforeShapesAreStillFoundByEveryKindOfParameter() {
		AuditEvent old = record(5, "2020-02-01T10:00:00Z", "0", "first");
		JdbcTemplate database = new JdbcTemplate(dataSource);
		long pid = database.queryForObject("SELECT NEXT VALUE FOR CONCORD_AUDIT_SEQ", Long.class);
		database.update("INSERT INTO CONCORD_AUDIT_RECORD (PID, FHIR_ID, RECORDED, STORED, JSON) VALUES (?, ?, ?, ?, ?)",
				pid, "old-" + run, old.getRecorded().getTime(), System.currentTimeMillis(),
				context.newJsonParser().encodeResourceToString(old));
		for (AuditIndexValues.Value value : index.extracted(old)) {
			database.update("INSERT INTO CONCORD_AUDIT_VALUE (RECORD_ID, PARAM, SYS, VAL) VALUES (?, ?, ?, ?)", pid,
					value.param(), value.system(), value.value());
		}

		assertThat(found("entity=Patient/search-" + run + "-5")).containsExactly(5);
		assertThat(found("subtype=" + SUBTYPES + "|first")).containsExactly(1, 3, 5);
		assertThat(found("subtype:not=" + SUBTYPES + "|first")).containsExactly(2);
		assertThat(found("outcome=0&agent-name:exact=Searcher" + run)).containsExactly(1, 2, 5);
		assertThat(found("date=2020-02-01&agent-name:contains=rcher" + run)).containsExactly(5);
	}

	@Test
	void resultsAreSortedAndPagedWithLinksThatWork() {
		Bundle first = auditor.get("AuditEvent?agent-name=searcher" + run + "&_sort=-date&_count=2").as(Bundle.class);
		assertThat(numbers(first)).containsExactly(3, 2);
		assertThat(first.getTotal()).isEqualTo(3);
		assertThat(first.getLink("next")).isNotNull();
		Bundle second = auditor.getAny(first.getLink("next").getUrl()).as(Bundle.class);
		assertThat(numbers(second)).containsExactly(1);
		assertThat(second.getLink("next")).isNull();
		assertThat(second.getLink("previous")).isNotNull();

		Bundle count = auditor.get("AuditEvent?agent-name=searcher" + run + "&_summary=count").as(Bundle.class);
		assertThat(count.getTotal()).isEqualTo(3);
		assertThat(count.getEntry()).isEmpty();
	}

	@Test
	void whatTheStoreCannotAnswerIsRefusedNotWidened() {
		for (String search : List.of("agent.name=x", "type:text=Patient", "_include=AuditEvent:patient", "_content=x",
				"_has:Patient:link:identifier=x", "_sort=outcome", "entity:missing=true")) {
			FhirHttp.Response refused = auditor.get("AuditEvent?" + search);
			assertThat(refused.status()).as(search).isEqualTo(400);
			assertThat(refused.body()).as(search).contains("OperationOutcome");
		}
		assertThat(auditor.get("AuditEvent?agent.name=x").body()).contains("Audit records cannot be searched with agent.name");
		// other types cannot be searched by the records naming them either (HAPI's tables no longer hold them)
		FhirHttp.Response reverse = fhir.get("Patient?_has:AuditEvent:entity:agent=ehr-system");
		assertThat(reverse.status()).isEqualTo(400);
		assertThat(reverse.body()).contains("_has:AuditEvent");
	}

	@Test
	void theCapabilityStatementOffersOnlyWhatTheStoreAnswers() {
		CapabilityStatement statement = fhir.get("metadata").as(CapabilityStatement.class);
		CapabilityStatementRestResourceComponent records = statement.getRestFirstRep().getResource().stream()
				.filter(resource -> resource.getType().equals("AuditEvent")).findFirst().orElseThrow();
		assertThat(records.getInteraction()).extracting(interaction -> interaction.getCode().toCode())
				.containsExactlyInAnyOrder("read", "vread", "search-type", "history-instance", "history-type");
		assertThat(records.getSearchInclude()).isEmpty();
		assertThat(records.getSearchRevInclude()).isEmpty();
		assertThat(records.getSearchParam()).extracting(parameter -> parameter.getName())
				.contains("date", "entity", "patient", "agent-name", "_id", "_lastUpdated")
				.doesNotContain("_content", "_text", "_has");
		assertThat(records.getConditionalDelete()).isEqualTo(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
		assertThat(statement.getRestFirstRep().getResource()).flatExtracting(resource -> resource.getSearchRevInclude())
				.extracting(include -> include.getValue())
				.isNotEmpty()
				.noneMatch(include -> include.startsWith("AuditEvent:"));
		for (CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent parameter : records.getSearchParam()) {
			String search = "AuditEvent?" + parameter.getName() + "=" + switch (parameter.getType()) {
				case REFERENCE -> "Patient/x";
				case DATE -> "2020";
				case URI -> "http://example.org/x";
				default -> "x";
			};
			assertThat(auditor.get(search).status()).as(search).isEqualTo(200);
		}
	}

	@Test
	void aRecordIsReadAsItsOnlyVersionAndAnUnknownOneIsNotFound() {
		Bundle one = auditor.get("AuditEvent?entity=Patient/search-" + run + "-2&agent-name=searcher" + run).as(Bundle.class);
		String id = one.getEntryFirstRep().getResource().getIdElement().getIdPart();
		AuditEvent read = auditor.get("AuditEvent/" + id).as(AuditEvent.class);
		assertThat(read.getMeta().getVersionId()).isEqualTo("1");
		assertThat(read.getRecordedElement().getValueAsString()).isEqualTo(new InstantType("2020-06-01T10:00:00Z").getValueAsString());
		assertThat(auditor.get("AuditEvent/" + id + "/_history/1").status()).isEqualTo(200);
		assertThat(auditor.get("AuditEvent/" + id + "/_history/2").status()).isEqualTo(404);
		assertThat(auditor.get("AuditEvent/99999999999").status()).isEqualTo(404);
		assertThat(auditor.get("AuditEvent/not-a-number").status()).isEqualTo(404);
		Bundle history = auditor.get("AuditEvent/_history?_count=2").as(Bundle.class);
		assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
		assertThat(history.getEntry()).hasSize(2);
	}

	@Test
	void recordsHapiStoredBeforeTheAuditStoreAreCarriedOverWithTheirIds() {
		AuditEvent old = record(4, "2019-05-01T10:00:00Z", "0", "first");
		old.getEntityFirstRep().getWhat().setReference("Patient/dmd-child"); // HAPI's tables held only resolvable ones
		String id = daos.getResourceDao(AuditEvent.class).create(old, new SystemRequestDetails()).getId().getIdPart();
		assertThat(auditor.get("AuditEvent/" + id).status()).isEqualTo(404);

		new JdbcTemplate(dataSource).update("DELETE FROM CONCORD_AUDIT_CARRIED_OVER");
		new HapiStoredAuditRecords((AuditEventDao) daos.getResourceDao("AuditEvent"), store, index, context).carryOver();

		assertThat(auditor.get("AuditEvent/" + id).status()).isEqualTo(200);
		Bundle carried = auditor.get("AuditEvent?date=2019-05-01&agent-name=searcher" + run).as(Bundle.class);
		assertThat(carried.getEntry()).extracting(entry -> entry.getResource().getIdElement().getIdPart())
				.containsExactly(id);
		assertThat(auditor.total("AuditEvent?entity=Patient/dmd-child&date=2019-05-01")).isEqualTo(1);
	}

	@Test
	void recordsThatDifferOnlyInTheirPatientAreIndexedAsEachWouldBeAlone() {
		AuditIndexValues reused = new AuditIndexValues(extractor);
		AuditEvent first = pageRecord("Patient/page-a", "Condition?code=1");
		AuditEvent twoPatients = pageRecord("Patient/page-a", "Condition?code=1");
		twoPatients.addEntity().setWhat(new Reference("Patient/page-b"));
		AuditEvent patientAsUser = pageRecord("Patient/page-b", "Condition?code=1");
		patientAsUser.getAgentFirstRep().setWho(new Reference("Patient/page-b"));
		AuditEvent otherCaller = pageRecord("Patient/page-a", "Condition?code=1");
		otherCaller.getAgentFirstRep().setName("Another" + run);
		List<AuditEvent> records = List.of(first, pageRecord("Patient/page-b", "Condition?code=1"),
				pageRecord("Patient/page-c/_history/2", "Condition?code=1"), pageRecord("Patient/page-b", "Condition?code=2"),
				pageRecord("Patient/page-d", "Condition?code=2"), twoPatients, patientAsUser, otherCaller);
		for (AuditEvent record : records) {
			AuditEvent before = record.copy();
			List<AuditIndexValues.Value> values = reused.of(record);
			assertThat(values).as(describe(record)).containsExactlyInAnyOrderElementsOf(index.extracted(record));
			assertThat(describe(record)).as("the record is left as it was").isEqualTo(describe(before));
		}
		// one extraction per shape with one patient: the first three are alike, the next two, then two of their own
		assertThat(reused.extractions()).isEqualTo(4);
		// in words: a record is found by its own patient; a versioned reference by the patient it names
		assertThat(reused.of(pageRecord("Patient/page-e", "Condition?code=1")))
				.filteredOn(value -> value.param().equals("patient")).extracting(AuditIndexValues.Value::value)
				.containsExactly("Patient/page-e");
		assertThat(reused.of(pageRecord("Patient/page-c/_history/2", "Condition?code=1")))
				.filteredOn(value -> value.param().equals("entity")).extracting(AuditIndexValues.Value::value)
				.containsExactlyInAnyOrder("Patient/page-c");
	}

	@Test
	void readsOfPatientsThatDifferOnlyInThePatientAndRequestAreIndexedAsEachWouldBeAlone() {
		AuditIndexValues reused = new AuditIndexValues(extractor);
		List<AuditEvent> records = List.of(readRecord("Patient/read-a/_history/1", "Patient/read-a"),
				readRecord("Patient/read-b/_history/1", "Patient/read-b"), readRecord("Patient/read-c/_history/1", "Patient/read-d"),
				readRecord("Patient/read-e/_history/2", "Patient/read-e"));
		for (AuditEvent record : records) {
			AuditEvent before = record.copy();
			assertThat(reused.of(record)).as(describe(record)).containsExactlyInAnyOrderElementsOf(index.extracted(record));
			assertThat(describe(record)).as("the record is left as it was").isEqualTo(describe(before));
		}
		// a, b and e are alike (e reads another version); c names two patients, so is extracted alone
		assertThat(reused.extractions()).isEqualTo(1);
		assertThat(reused.of(readRecord("Patient/read-f/_history/1", "Patient/read-f")))
				.filteredOn(value -> value.param().equals("entity") || value.param().equals("patient"))
				.extracting(AuditIndexValues.Value::value).containsOnly("Patient/read-f");
	}

	/**
	 * A record of a read of {@code resource}, a record of {@code patient}'s, by a request of its own, shaped as
	 * Concord's BALP records are.
	 */
	private AuditEvent readRecord(String resource, String patient) {
		AuditEvent event = pageRecord(patient, "unused");
		event.getEntity().get(0).getWhat().getIdentifier().setValue("request-" + resource.hashCode());
		event.getEntity().get(1).setDescription(null).setQuery(null).setWhat(new Reference(resource))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"));
		return event;
	}

	/** A record of one patient's data shown by a search page, shaped as Concord's BALP records are. */
	private AuditEvent pageRecord(String patient, String query) {
		AuditEvent event = record(0, "2022-01-01T10:00:00Z", "0", "search-type");
		event.getEntity().clear();
		event.addEntity().setType(new Coding("https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType", "XrequestId", null))
				.getWhat().getIdentifier().setValue("request-" + run);
		event.addEntity().setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query"))
				.setQuery(query.getBytes(StandardCharsets.UTF_8)).setDescription("GET " + query);
		event.addEntity().setWhat(new Reference(patient))
				.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
		event.setRecorded(new Date());
		return event;
	}

	private String describe(AuditEvent record) {
		return context.newJsonParser().encodeResourceToString(record);
	}

	/** The test's own records a search finds (the auditor's searches are audited too, naming the same patients). */
	private List<Integer> found(String search) {
		String own = search.contains("agent-name") ? "" : "&agent-name=searcher" + run;
		FhirHttp.Response response = auditor.get("AuditEvent?" + search + own + "&_count=50");
		assertThat(response.status()).as(search + ": " + response.body()).isEqualTo(200);
		return numbers(response.as(Bundle.class)).stream().sorted().toList();
	}

	private static List<Integer> numbers(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(entry -> ((AuditEvent) entry.getResource()).getEntityFirstRep().getWhat().getReference())
				.map(reference -> Integer.valueOf(reference.substring(reference.lastIndexOf('-') + 1)))
				.toList();
	}

	private AuditEvent record(int number, String recorded, String outcome, String subtype) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"))
				.setAction(AuditEvent.AuditEventAction.R)
				.setRecordedElement(new InstantType(recorded))
				.setOutcome(AuditEvent.AuditEventOutcome.fromCode(outcome));
		event.addSubtype(new Coding(SUBTYPES, subtype, subtype));
		event.getSource().setObserver(new Reference().setDisplay("AuditRecordSearchIT"));
		event.addAgent().setRequestor(true).setName("Searcher" + run).setWho(new Reference().setDisplay("Searcher"));
		event.addEntity().setWhat(new Reference("Patient/search-" + run + "-" + number))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
		return event;
	}
}
