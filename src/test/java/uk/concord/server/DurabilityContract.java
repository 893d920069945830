package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import uk.concord.server.TransactionLoad.Attempt;
import uk.concord.server.TransactionLoad.Outcome;
import uk.concord.testing.BesideTheSharedServers;
import uk.concord.testing.ConcordProcess;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/**
 * What a server keeps when it is killed, and what a backup brings back, for one kind of database:
 * <ol>
 *   <li>{@code kill -9} while four clients post transactions (and one reads a patient), then a restart on the same
 *       data: every transaction a client was told succeeded is there whole, none it was not told about is there in
 *       part, {@code _content} finds exactly the records the database holds (Hibernate Search writes the index after
 *       the database commits: a kill in between lost documents for good before the full-text journal), and every
 *       read that was answered has its audit record;</li>
 *   <li>a backup taken while clients write, restored into a fresh server: the same {@code $everything} for every
 *       patient, no record in part, and the full-text index rebuilt.</li>
 * </ol>
 */
@BesideTheSharedServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DurabilityContract {

	static final int CLIENTS = 4;

	/**
	 * One folder for the whole class, whose servers outlive a single test: given to {@link #takeFolder}, not a static
	 * {@code @TempDir} field, which would be this contract's, shared by its subclasses running at once.
	 */
	private Path folder;

	private ConcordProcess server;
	private ConcordProcess restored;
	private final List<Attempt> acknowledgedBeforeBackup = new ArrayList<>();

	/** A server on a new, empty database, with its data folder in {@code dataDir}. */
	abstract ConcordProcess startOnNewDatabase(Path dataDir);

	/** Kills the server at a moment that matters for this database, while {@code load} is running. */
	abstract void killMidLoad(ConcordProcess server, TransactionLoad load);

	/** The documented backup command, run while {@code server} is serving; writes {@code backup}. */
	abstract void backUp(ConcordProcess server, Path backup);

	/** The documented restore command into a new database, and a server started on it with a new data folder. */
	abstract ConcordProcess restoreIntoNewServer(Path backup, Path dataDir);

	@BeforeAll
	void takeFolder(@TempDir Path classFolder) {
		folder = classFolder;
	}

	@Test
	@Order(1)
	void aServerKilledMidLoadKeepsEveryAcknowledgedTransactionWholeAndItsIndexAndAuditTrailAgree() {
		server = startOnNewDatabase(folder.resolve("server"));
		FhirHttp fhir = server.fhir();
		String readPatient = createPatient(fhir);
		AtomicInteger answeredReads = new AtomicInteger();
		CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> readUntilGone(fhir, readPatient, answeredReads));
		TransactionLoad load = TransactionLoad.start(fhir, CLIENTS, 100);
		await("a few acknowledged transactions").atMost(Duration.ofMinutes(5)).until(() -> load.acknowledged() >= 2 * CLIENTS);
		killMidLoad(server, load);
		List<Attempt> attempts = load.stop();
		reader.join();
		server.restart();

		StoredRecords stored = new StoredRecords(fhir);
		SoftAssertions softly = new SoftAssertions();
		for (Attempt attempt : attempts) {
			int resources = stored.resourcesOf(attempt.nhsNumber());
			if (attempt.outcome() == Outcome.ACKNOWLEDGED) {
				softly.assertThat(resources).as("resources of acknowledged %s", attempt).isEqualTo(8);
				acknowledgedBeforeBackup.add(attempt);
			} else {
				softly.assertThat(resources).as("resources of unacknowledged %s", attempt).isIn(0, 8);
			}
			softly.assertThat(stored.foundByContent(attempt.word()))
					.as("plan and letter of %s found by _content (resources stored: %d)", attempt, resources)
					.isEqualTo(resources == 8 ? 2 : 0);
		}
		softly.assertThat(attempts).as("the kill came in the middle of the load").anyMatch(a -> a.outcome() == Outcome.NO_ANSWER);
		softly.assertThat(answeredReads.get()).as("reads answered before the kill").isPositive();
		await("audit records of the answered reads").atMost(Duration.ofMinutes(2))
				.untilAsserted(() -> assertThat(readRecords(fhir, readPatient)).isGreaterThanOrEqualTo(answeredReads.get()));
		softly.assertAll();
	}

	@Test
	@Order(2)
	void aBackupTakenWhileClientsWriteRestoresIntoANewServerWithTheSameRecords() {
		TransactionLoad load = TransactionLoad.start(server.fhir(), 2, 100);
		Path backup = folder.resolve("concord-backup");
		backUp(server, backup);
		List<Attempt> duringBackup = load.stop();
		restored = restoreIntoNewServer(backup, folder.resolve("restored"));

		StoredRecords original = new StoredRecords(server.fhir());
		StoredRecords copy = new StoredRecords(restored.fhir());
		SoftAssertions softly = new SoftAssertions();
		for (Attempt attempt : acknowledgedBeforeBackup) {
			String patient = patientId(server.fhir(), attempt.nhsNumber());
			softly.assertThat(everything(restored.fhir(), patient)).as("$everything of %s", attempt)
					.isEqualTo(everything(server.fhir(), patient));
			softly.assertThat(copy.foundByContent(attempt.word())).as("_content for %s", attempt).isEqualTo(2);
		}
		for (Attempt attempt : duringBackup) {
			int resources = copy.resourcesOf(attempt.nhsNumber());
			softly.assertThat(resources).as("record written during the backup %s", attempt).isIn(0, 8);
			softly.assertThat(copy.foundByContent(attempt.word())).isEqualTo(resources == 8 ? 2 : 0);
			if (attempt.outcome() == Outcome.ACKNOWLEDGED) {
				softly.assertThat(original.resourcesOf(attempt.nhsNumber())).as("acknowledged during the backup %s", attempt).isEqualTo(8);
			}
		}
		softly.assertAll();
	}

	@AfterAll
	void stopServers() {
		for (ConcordProcess running : new ConcordProcess[] {server, restored}) {
			if (running != null) {
				running.close();
			}
		}
	}

	private static String createPatient(FhirHttp fhir) {
		Bundle created = fhir.client().transaction()
				.withBundle(uk.concord.testing.SharedRecord.forPatient(NhsNumbers.random(), "Reader", "readme"))
				.execute();
		return new org.hl7.fhir.r4.model.IdType(created.getEntry().get(2).getResponse().getLocation()).getIdPart();
	}

	/** Reads a patient until the server stops answering, counting the answers. */
	private static void readUntilGone(FhirHttp fhir, String patient, AtomicInteger answered) {
		while (true) {
			try {
				if (fhir.get("Patient/" + patient).status() == 200) {
					answered.incrementAndGet();
				}
			} catch (IllegalStateException gone) {
				return;
			}
		}
	}

	private static int readRecords(FhirHttp fhir, String patient) {
		return fhir.as("auditor").total("AuditEvent?patient=Patient/" + patient
				+ "&subtype=http://hl7.org/fhir/restful-interaction|read&_summary=count");
	}

	private static String patientId(FhirHttp fhir, String nhsNumber) {
		return fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	/** Every resource of a patient's {@code $everything}, as JSON (ids, versions and times included), sorted. */
	private static List<String> everything(FhirHttp fhir, String patient) {
		List<String> resources = new ArrayList<>();
		Bundle page = fhir.get("Patient/" + patient + "/$everything?_count=100").as(Bundle.class);
		while (true) {
			page.getEntry().forEach(e -> resources.add(FhirHttp.R4.newJsonParser().encodeResourceToString(e.getResource())));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				return resources.stream().sorted().collect(Collectors.toList());
			}
			page = fhir.get(page.getLink(Bundle.LINK_NEXT).getUrl()).as(Bundle.class);
		}
	}
}
