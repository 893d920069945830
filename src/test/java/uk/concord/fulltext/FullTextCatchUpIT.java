package uk.concord.fulltext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.search.mapper.orm.Search;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import uk.concord.testing.ClinicLetters;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * The catch-up puts back what the index lost, and a resource it cannot index (here: its stored text made unreadable)
 * holds up neither the others nor the run, and keeps its journal rows for a later run.
 */
@EmbeddedServerTest
class FullTextCatchUpIT {

	FhirHttp fhir;

	@Autowired
	FullTextCatchUp catchUp;

	@Autowired
	IHapiTransactionService transactions;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Autowired
	DataSource dataSource;

	JdbcTemplate jdbc;
	String word;

	@BeforeEach
	void connect() {
		jdbc = new JdbcTemplate(dataSource);
		word = "spirometry" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
	}

	@Test
	void lettersWhoseDocumentsTheIndexLostAreFoundAgainBesideOneThatCannotBeIndexed() {
		long first = letter("First " + word);
		long second = letter("Second " + word);
		long unreadable = letter("Third " + word);
		List.of(first, second, unreadable).forEach(this::dropDocument);
		assertThat(found()).as("the index lost all three").isEmpty();

		withUnreadableText(unreadable, () -> {
			List.of(first, second, unreadable).forEach(this::pend);

			int indexed = catchUp.catchUp(null);

			assertThat(indexed).isGreaterThanOrEqualTo(2);
			assertThat(found()).containsExactlyInAnyOrder(fhirId(first), fhirId(second));
			assertThat(rowsOf(first) + rowsOf(second)).isZero();
			assertThat(rowsOf(unreadable)).as("the unindexed letter's row stays for the next run").isEqualTo(1);
		});

		catchUp.catchUp(null);
		assertThat(found()).as("read again, the third is indexed by the next run")
				.containsExactlyInAnyOrder(fhirId(first), fhirId(second), fhirId(unreadable));
		assertThat(rowsOf(unreadable)).isZero();
	}

	@Test
	void aLetterThatCouldNotBeIndexedIsLeftByTheScheduledRunsUntilItsRetryIsDue() {
		long letter = letter("Postponed " + word);
		dropDocument(letter);
		withUnreadableText(letter, () -> {
			pend(letter);
			catchUp.catchUp(null);
			assertThat(rowsOf(letter)).isEqualTo(1);
		});

		catchUp.catchUp(Duration.ZERO); // as the scheduled runs read: rows older than an age
		assertThat(found()).as("readable again, but not tried before its retry is due").isEmpty();
		assertThat(rowsOf(letter)).isEqualTo(1);

		jdbc.update("update " + FullTextJournal.TABLE + " set recorded_at = current_timestamp - interval '3601' second"
				+ " where res_id = ?", letter); // an hour on (the retry's default)
		catchUp.catchUp(Duration.ofMinutes(1));
		assertThat(found()).containsExactly(fhirId(letter));
		assertThat(rowsOf(letter)).isZero();
	}

	@Test
	void onceTheServerHasStartedTheScheduledRunsIndexWhatTheIndexMissed() {
		long letter = letter("Scheduled " + word);
		dropDocument(letter);
		pend(letter);
		jdbc.update("update " + FullTextJournal.TABLE + " set recorded_at = current_timestamp - interval '3601' second"
				+ " where res_id = ?", letter); // older than any interval

		assertThat(catchUp.scheduledRun()).as("a run, not left to the start-up run").isPresent();

		assertThat(found()).containsExactly(fhirId(letter));
		assertThat(rowsOf(letter)).isZero();
	}

	@Test
	void aPageAndMoreOfRowsThatCannotBeIndexedEndTheRun() {
		long unreadable = letter("Unreadable " + word);
		withUnreadableText(unreadable, () -> {
			for (int i = 0; i < 201; i++) {
				pend(unreadable);
			}

			assertTimeoutPreemptively(Duration.ofSeconds(60), () -> catchUp.catchUp(null));

			assertThat(rowsOf(unreadable)).isEqualTo(201);
		});
		catchUp.catchUp(null);
		assertThat(rowsOf(unreadable)).isZero();
	}

	private long letter(String text) {
		FhirHttp.Response created = fhir.post("DocumentReference", "application/fhir+json",
				ClinicLetters.plainText("Patient/dmd-child", text));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.as(DocumentReference.class).getIdElement().getIdPart();
		long pid = jdbc.queryForObject(
				"select res_id from hfj_resource where res_type = 'DocumentReference' and fhir_id = ?", Long.class, id);
		// the journal forgets the create's own row once indexed (a background delete): the test's rows are then all
		await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(pid) == 0);
		return pid;
	}

	private String fhirId(long pid) {
		return jdbc.queryForObject("select fhir_id from hfj_resource where res_id = ?", String.class, pid);
	}

	/** As a crash between the database's commit and the index's write leaves it. */
	private void dropDocument(long pid) {
		EntityManager entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
		transactions.withSystemRequest().execute(() ->
				Search.session(entityManager).indexingPlan().purge(ResourceTable.class, JpaPid.fromId(pid), null));
	}

	/** A journal row of a transaction of its own, as a write the index may have missed leaves it. */
	private void pend(long pid) {
		jdbc.update("insert into " + FullTextJournal.TABLE
						+ " (batch_id, res_id, recorded_at) values (?, ?, current_timestamp)",
				UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE, pid);
	}

	private int rowsOf(long pid) {
		return jdbc.queryForObject("select count(*) from " + FullTextJournal.TABLE + " where res_id = ?", Integer.class, pid);
	}

	private List<String> found() {
		FhirHttp.Response response = fhir.get("DocumentReference?_content=" + word);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(Bundle.class).getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart())
				.toList();
	}

	/** Runs {@code check} with the resource's stored JSON (HAPI keeps a letter this short in the row) cut short. */
	private void withUnreadableText(long pid, Runnable check) {
		String stored = jdbc.queryForObject(
				"select res_text_vc from hfj_res_ver where res_id = ? and res_ver = 1 and res_text is null", String.class, pid);
		assertThat(stored).startsWith("{");
		jdbc.update("update hfj_res_ver set res_text_vc = '{\"resourceType\":' where res_id = ? and res_ver = 1", pid);
		try {
			check.run();
		} finally {
			jdbc.update("update hfj_res_ver set res_text_vc = ? where res_id = ? and res_ver = 1", stored, pid);
		}
	}
}
