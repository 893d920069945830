package uk.concord.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file that keeps queued audit records across a killed process. */
class AuditJournalTest {

	@TempDir
	Path folder;

	@TempDir
	Path next;

	@Test
	void recordsAppendedButNotStoredAreFoundAgainInOrderByTheNextServer() throws IOException {
		AuditJournal before = new AuditJournal(folder);
		long first = append(before, "first").sequence();
		append(before, "second");
		append(before, "third");
		before.stored(first);

		AuditJournal after = new AuditJournal(leftByAKilledServer());
		assertThat(after.unstored()).extracting(entry -> entry.event().getOutcomeDesc()).containsExactly("second", "third");
	}

	@Test
	void aLineTheKillCutShortIsIgnoredAndNumberingGoesOnAfterTheLastWholeOne() throws IOException {
		AuditJournal before = new AuditJournal(folder);
		long whole = append(before, "whole").sequence();
		Files.writeString(folder.resolve("journal"), "2\t{\"resourceType\":\"Audit", StandardOpenOption.APPEND);

		AuditJournal after = new AuditJournal(leftByAKilledServer());
		assertThat(after.unstored()).extracting(entry -> entry.event().getOutcomeDesc()).containsExactly("whole");
		assertThat(append(after, "next").sequence()).isGreaterThan(whole);
	}

	@Test
	void recordsAppendedByConcurrentRequestsAreEachKeptWholeUnderNumbersOfTheirOwn() throws Exception {
		AuditJournal before = new AuditJournal(folder);
		ExecutorService requests = Executors.newFixedThreadPool(8);
		List<Future<Long>> appended = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			String description = "request " + i;
			appended.add(requests.submit(() -> append(before, description).sequence()));
		}
		Set<Long> sequences = new HashSet<>();
		for (Future<Long> sequence : appended) {
			sequences.add(sequence.get());
		}
		requests.shutdown();
		assertThat(sequences).hasSize(400);

		List<AuditJournal.Entry> replayed = new AuditJournal(leftByAKilledServer()).unstored();
		assertThat(replayed).extracting(AuditJournal.Entry::sequence).isSorted().containsExactlyInAnyOrderElementsOf(sequences);
		assertThat(replayed).extracting(entry -> entry.event().getOutcomeDesc()).doesNotHaveDuplicates()
				.allMatch(description -> description.startsWith("request "));
	}

	@Test
	void aSecondServerOnTheSameDataFolderIsRefused() {
		// held, and closed only afterwards: a journal nothing refers to may be collected, and its file closed with it
		AuditJournal first = new AuditJournal(folder);
		try {
			assertThatThrownBy(() -> new AuditJournal(folder)).hasMessageContaining("Another Concord server");
		} finally {
			first.close();
		}
	}

	@Test
	void aServerStoppedNormallyLeavesTheFolderToTheNextOne() {
		AuditJournal first = new AuditJournal(folder);
		first.stored(append(first, "stored").sequence());
		first.close();

		assertThat(new AuditJournal(folder).unstored()).isEmpty();
	}

	@Test
	void aRecordIsEncodedAndItsStoringNotedWhileAnotherRequestHoldsTheJournal() throws Exception {
		AuditJournal journal = new AuditJournal(folder);
		long first = append(journal, "first").sequence();
		ExecutorService others = Executors.newSingleThreadExecutor();
		try {
			synchronized (journal) { // as a request writing its record does
				Future<AuditJournal.Encoded> encoded = others.submit(() -> journal.encode(event("second")));
				assertThat(encoded.get(10, TimeUnit.SECONDS).json()).contains("second");
				others.submit(() -> journal.stored(first)).get(10, TimeUnit.SECONDS);
			}
		} finally {
			others.shutdownNow();
		}
		assertThat(new AuditJournal(leftByAKilledServer()).unstored()).isEmpty();
	}

	@Test
	void theJournalIsEmptiedOnceEveryRecordInItIsStoredAndNotBefore() throws IOException {
		AuditJournal journal = new AuditJournal(folder);
		String text = "x".repeat(10_000);
		long last = 0;
		for (int i = 0; i < 150; i++) { // 1.5 MB, more than the journal keeps once everything in it is stored
			last = append(journal, text + i).sequence();
		}
		journal.stored(last - 1);
		assertThat(Files.size(folder.resolve("journal"))).isGreaterThan(1 << 20);

		journal.stored(last);
		assertThat(Files.size(folder.resolve("journal"))).isZero();
		long next = append(journal, "after").sequence();
		assertThat(next).isEqualTo(last + 1);
		assertThat(new AuditJournal(leftByAKilledServer()).unstored()).extracting(AuditJournal.Entry::sequence)
				.containsExactly(next);
	}

	@Test
	void recordsAlikeButForTheirPatientAndTimeAreEncodedExactlyAsEachWouldBeAlone() {
		AuditJournal journal = new AuditJournal(folder);
		IParser hapi = FhirContext.forR4().newJsonParser().setStripVersionsFromReferences(false);
		AuditEvent twoPatients = pageRecord("Patient/page-a", "2022-01-01T10:00:00.001Z");
		twoPatients.addEntity().setWhat(new Reference("Patient/page-b"));
		AuditEvent noTime = pageRecord("Patient/page-b", null);
		AuditEvent decimal = pageRecord("Patient/page-c", "2022-01-01T10:00:00Z");
		decimal.addExtension("https://example.org/weight", new DecimalType("1.50"));
		AuditEvent timeWithExtension = pageRecord("Patient/page-c", "2022-01-01T10:00:00Z");
		timeWithExtension.getRecordedElement().addExtension("https://example.org/clock", new Coding().setCode("ntp"));
		AuditEvent otherQuery = pageRecord("Patient/page-d", "2022-01-01T10:00:00Z");
		otherQuery.getEntity().get(1).setDescription("GET Condition?code=2");
		List<AuditEvent> records = List.of(pageRecord("Patient/page-a", "2022-01-01T10:00:00.001Z"),
				pageRecord("Patient/page-b", "2022-01-01T10:00:00.002+01:00"), pageRecord("Patient/page-c/_history/2", "2023-05-06T07:08:09Z"),
				noTime, timeWithExtension, twoPatients, decimal, pageRecord("Patient/page-e", "2022-01-01T10:00:00Z"), otherQuery);
		for (AuditEvent record : records) {
			String alone = hapi.encodeResourceToString(record);
			assertThat(journal.encode(record).json()).isEqualTo(alone);
			assertThat(hapi.encodeResourceToString(record)).as("the record is left as it was").isEqualTo(alone);
		}
		// the second to fourth are the first one's JSON with their own patient and time; the others are encoded
		assertThat(journal.writtenFromAlike()).isEqualTo(3);
	}

	@Test
	void readsOfPatientsAlikeButForThePatientAndRequestAreEncodedExactlyAsEachWouldBeAlone() {
		AuditJournal journal = new AuditJournal(folder);
		IParser hapi = FhirContext.forR4().newJsonParser().setStripVersionsFromReferences(false);
		List<AuditEvent> records = List.of(readRecord("Patient/read-a/_history/1", "Patient/read-a", "2022-01-01T10:00:00Z"),
				readRecord("Patient/read-b/_history/1", "Patient/read-b", "2022-01-01T10:00:01Z"),
				readRecord("Patient/read-c/_history/1", "Patient/read-d", "2022-01-01T10:00:02Z"),
				readRecord("Patient/read-e/_history/2", "Patient/read-e", "2022-01-01T10:00:03Z"),
				readRecord("Patient/read-f/_history/2", "Patient/read-f", "2022-01-01T10:00:04Z"));
		for (AuditEvent record : records) {
			String alone = hapi.encodeResourceToString(record);
			assertThat(journal.encode(record).json()).isEqualTo(alone);
			assertThat(hapi.encodeResourceToString(record)).as("the record is left as it was").isEqualTo(alone);
		}
		// b, e and f are a's JSON with their own patient, version, request and time; c names two patients, so is encoded
		assertThat(journal.writtenFromAlike()).isEqualTo(3);
	}

	/**
	 * A record of a read of {@code resource}, a record of {@code patient}'s, by a request of its own, shaped as
	 * Concord's BALP records are.
	 */
	private static AuditEvent readRecord(String resource, String patient, String recorded) {
		AuditEvent event = pageRecord(patient, recorded);
		event.getEntity().get(0).setType(new Coding(BalpRecords.REQUEST_ID_TYPE, BalpRecords.REQUEST_ID, null))
				.getWhat().getIdentifier().setValue("request-" + resource.hashCode());
		event.getEntity().get(1).setDescription(null).setQuery(null).setWhat(new Reference(resource))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"));
		return event;
	}

	/** A record of one patient's data shown by a search page, shaped as Concord's BALP records are. */
	private static AuditEvent pageRecord(String patient, String recorded) {
		AuditEvent event = new AuditEvent();
		event.getMeta().addProfile("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientQuery");
		event.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
				.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Audit Event</div>");
		event.setAction(AuditEvent.AuditEventAction.E).setOutcome(AuditEvent.AuditEventOutcome._0);
		if (recorded != null) {
			event.setRecordedElement(new InstantType(recorded));
		}
		event.addAgent().setRequestor(true).setWho(new Reference("Practitioner/pérez").setDisplay("Dr Pérez \"quoted\" </div>"));
		event.addEntity().getWhat().getIdentifier().setValue("request-1");
		event.addEntity().setDescription("GET Condition?code=https://www.orpha.net|98896&_count=50")
				.setQuery("Condition?code=1".getBytes(StandardCharsets.UTF_8));
		event.addEntity().setWhat(new Reference(patient))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
		return event;
	}

	/** As the audit trail hands a record over: encoded, then numbered and written. */
	private static AuditJournal.Entry append(AuditJournal journal, String description) {
		return journal.append(journal.encode(event(description)));
	}

	private static AuditEvent event(String description) {
		AuditEvent event = new AuditEvent();
		event.setOutcomeDesc(description);
		return event;
	}

	/** The files as a killed process leaves them, without its lock (the operating system drops that with it). */
	private Path leftByAKilledServer() throws IOException {
		for (String file : new String[] {"journal", "stored"}) {
			Files.copy(folder.resolve(file), next.resolve(file));
		}
		return next;
	}
}
