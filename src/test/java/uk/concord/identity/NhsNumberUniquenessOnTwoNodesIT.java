package uk.concord.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import uk.concord.testing.ConcordProcess;
import uk.concord.testing.EnabledIfPostgresAvailable;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.PostgresDatabases;

/**
 * The NHS Number is unique in the database, not only in one server's checks: two Concord processes on one PostgreSQL
 * database, sent creates of one NHS Number at the same moment, store one Patient. The processes are shared by the
 * tests of this class (each start takes a minute or more).
 */
@EnabledIfPostgresAvailable
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NhsNumberUniquenessOnTwoNodesIT {

	private static final int CREATES = 20;

	@TempDir
	static Path folder;

	private String database;
	private ConcordProcess first;
	private ConcordProcess second;

	@BeforeAll
	void startTwoNodes() {
		database = PostgresDatabases.fresh("unique_nhs_number");
		// one after the other: the first creates the schema
		first = start("node-1");
		second = start("node-2");
	}

	private ConcordProcess start(String name) {
		return ConcordProcess.start(folder.resolve(name),
				List.of("--spring.profiles.active=postgres", "--concord.security.dev-server.enabled=true"),
				PostgresDatabases.environmentFor(database));
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

	@AfterAll
	void stopNodes() {
		for (ConcordProcess node : new ConcordProcess[] {second, first}) {
			if (node != null) {
				node.close();
			}
		}
	}
}
