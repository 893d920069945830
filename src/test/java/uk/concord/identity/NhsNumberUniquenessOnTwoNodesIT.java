package uk.concord.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import uk.concord.testing.ConcordProcess;
import uk.concord.testing.EnabledIfPostgresAvailable;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.PostgresDatabases;
import uk.concord.testing.TwoNodeCluster;
import uk.concord.testing.UsesTheTwoNodeCluster;

/**
 * The NHS Number is unique in the database, not only in one server's checks: two Concord processes on one PostgreSQL
 * database (the run's {@link TwoNodeCluster}), sent creates of one NHS Number at the same moment, store one Patient.
 */
@EnabledIfPostgresAvailable
@UsesTheTwoNodeCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NhsNumberUniquenessOnTwoNodesIT {

	private static final int CREATES = 20;

	private String database;
	private ConcordProcess first;
	private ConcordProcess second;

	@BeforeAll
	void joinTheCluster(TwoNodeCluster cluster) {
		database = cluster.database();
		first = cluster.first();
		second = cluster.second();
	}

	@Test
	void twentyConcurrentCreatesOfOneNhsNumberOnTwoNodesStoreOnePatientAndRefuseTheRestWith409() throws Exception {
		String nhsNumber = NhsNumbers.random();
		List<FhirHttp> nodes = List.of(first.fhir(), second.fhir());
		nodes.forEach(FhirHttp::token); // tokens first, so that only the creates race
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService senders = Executors.newFixedThreadPool(CREATES);
		List<Future<FhirHttp.Response>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < CREATES; i++) {
				FhirHttp node = nodes.get(i % 2);
				answers.add(senders.submit(() -> {
					go.await();
					return node.send(HttpRequest.newBuilder(node.uri("Patient"))
							.header("Content-Type", "application/fhir+json")
							.header("Accept", "application/fhir+json")
							.POST(HttpRequest.BodyPublishers.ofString(NhsNumberUniquenessIT.patient(nhsNumber, "Race"))));
				}));
			}
			go.countDown();
			List<FhirHttp.Response> responses = new ArrayList<>();
			for (Future<FhirHttp.Response> answer : answers) {
				responses.add(answer.get());
			}

			assertThat(responses).filteredOn(r -> r.status() == 201).as("created").hasSize(1);
			assertThat(responses).filteredOn(r -> r.status() != 201)
					.hasSize(CREATES - 1)
					.allSatisfy(refused -> {
						assertThat(refused.status()).as(refused.body()).isIn(409, 412);
						assertThat(refused.body()).contains(NhsNumberConflicts.EXISTS).doesNotContain("HAPI-");
					});
			System.out.printf("%d concurrent creates: %d answered 201, refusals by status %s%n", CREATES,
					responses.stream().filter(r -> r.status() == 201).count(),
					responses.stream().filter(r -> r.status() != 201)
							.collect(java.util.stream.Collectors.groupingBy(r -> r.status()
									+ (r.body().contains("same moment") ? " (index)" : " (look-up)"),
									java.util.stream.Collectors.counting())));
		} finally {
			senders.shutdownNow();
		}
		for (FhirHttp node : nodes) {
			assertThat(node.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)).isEqualTo(1);
		}
		try (Connection connection = PostgresDatabases.connect(database)) {
			assertThat(patientsHolding(connection, nhsNumber)).as("Patients in the database with the NHS Number").isEqualTo(1);
		}
	}

	/**
	 * Duplicates stored before NHS Numbers were unique are made here as such a database holds them: the second
	 * patient's record and identifier index carry the first one's NHS Number, and the unique index holds it for the
	 * first one only (as the reindex job leaves it). The node restarts, says which records to merge, and $merge
	 * resolves them.
	 */
	@Test
	void aDatabaseThatAlreadyHoldsDuplicatesStartsReportsThemAndTheyCanBeMerged() throws Exception {
		FhirHttp node = first.fhir();
		String shared = NhsNumbers.random();
		String other = NhsNumbers.random();
		String kept = created(node.post("Patient", "application/fhir+json", NhsNumberUniquenessIT.patient(shared, "Older")));
		String duplicate = created(node.post("Patient", "application/fhir+json", NhsNumberUniquenessIT.patient(other, "Older")));
		String condition = created(node.post("Condition", "application/fhir+json", PatientMergeIT.condition(duplicate)));
		try (Connection connection = PostgresDatabases.connect(database)) {
			makeDuplicate(connection, pid(connection, kept), pid(connection, duplicate), other, shared);
		}

		first.stop();
		first.restart();

		String log = java.nio.file.Files.readString(first.log());
		assertThat(log.lines().filter(line -> line.contains("NHS Numbers are each held by more than one Patient")))
				.singleElement().asString()
				.contains("Patient/" + kept + " (indexed: keep this one)")
				.contains("Patient/" + duplicate)
				.doesNotContain("Patient/" + duplicate + " (indexed")
				.doesNotContain(shared);
		node = first.fhir();
		assertThat(node.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + shared)).isEqualTo(2);

		FhirHttp.Response merged = node.post("Patient/$merge", "application/fhir+json", PatientMergeIT.merge(duplicate, kept));

		assertThat(merged.status()).as(merged.body()).isEqualTo(200);
		assertThat(node.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + shared)).isEqualTo(1);
		assertThat(node.get("Condition/" + condition).as(org.hl7.fhir.r4.model.Condition.class).getSubject().getReference())
				.isEqualTo("Patient/" + kept);
	}

	/** What an older Concord stored for two patients of one NHS Number, short of the unique index it did not have. */
	private static void makeDuplicate(Connection connection, long kept, long duplicate, String from, String to)
			throws SQLException {
		try (java.sql.PreparedStatement text = connection.prepareStatement(
						"update hfj_res_ver set res_text_vc = replace(res_text_vc, ?, ?) where res_id = ?");
				java.sql.PreparedStatement index = connection.prepareStatement("update hfj_spidx_token d set"
						+ " sp_value = k.sp_value, hash_value = k.hash_value, hash_sys_and_value = k.hash_sys_and_value"
						+ " from hfj_spidx_token k where d.res_id = ? and k.res_id = ? and k.sp_name = d.sp_name"
						+ " and d.sp_system = ? and k.sp_system = d.sp_system");
				java.sql.PreparedStatement unique = connection.prepareStatement(
						"delete from hfj_idx_cmp_string_uniq where res_id = ?")) {
			text.setString(1, from);
			text.setString(2, to);
			text.setLong(3, duplicate);
			assertThat(text.executeUpdate()).as("record text rewritten").isPositive();
			index.setLong(1, duplicate);
			index.setLong(2, kept);
			index.setString(3, NhsNumbers.SYSTEM);
			assertThat(index.executeUpdate()).as("identifier index rows rewritten").isPositive();
			unique.setLong(1, duplicate);
			assertThat(unique.executeUpdate()).as("unique index row removed").isEqualTo(1);
		}
	}

	private static long pid(Connection connection, String id) throws SQLException {
		try (java.sql.PreparedStatement query = connection.prepareStatement(
				"select res_id from hfj_resource where res_type = 'Patient' and fhir_id = ?")) {
			query.setString(1, id);
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				return row.getLong(1);
			}
		}
	}

	private static String created(FhirHttp.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return FhirHttp.R4.newJsonParser().parseResource(response.body()).getIdElement().getIdPart();
	}

	/** Read from HAPI's token index, not through the API: what the database holds, whatever a search would do. */
	private static int patientsHolding(Connection connection, String nhsNumber) throws SQLException {
		try (java.sql.PreparedStatement query = connection.prepareStatement("select count(distinct t.res_id)"
				+ " from hfj_spidx_token t join hfj_resource r on r.res_id = t.res_id where t.res_type = 'Patient'"
				+ " and t.sp_name = 'identifier' and t.sp_system = ? and t.sp_value = ? and r.res_deleted_at is null")) {
			query.setString(1, NhsNumbers.SYSTEM);
			query.setString(2, nhsNumber);
			try (ResultSet count = query.executeQuery()) {
				count.next();
				return count.getInt(1);
			}
		}
	}
}
