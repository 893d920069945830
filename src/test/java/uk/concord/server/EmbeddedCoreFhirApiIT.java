package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/** The core FHIR behaviour on the embedded default: H2 file database and Lucene. */
@EmbeddedServerTest
class EmbeddedCoreFhirApiIT extends CoreFhirApiContract {

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Autowired
	DataSource dataSource;

	@Test
	void aPatientsEverythingIsFoundFromThatPatientsOwnLinksAndHoldsNoOtherPatientsRecords() {
		H2QueryPlans plan = plans();
		IdType patient = patientWithSharedRecord("Nowak", "delta");
		IdType other = patientWithSharedRecord("Nowak", "epsilon");
		long before = plan.everythingPlanned();

		Bundle everything = everything(patient, null);
		Bundle conditionsOnly = everything(patient, "Condition");

		// HAPI's query still has the shape the plan recognises (else $everything walks the whole database again)
		assertThat(plan.everythingPlanned()).isGreaterThanOrEqualTo(before + 2);
		assertThat(everything.getEntry())
				.extracting(e -> e.getResource().fhirType())
				.contains("Patient", "Condition", "CareTeam", "CarePlan", "DocumentReference", "Practitioner");
		assertThat(everything.getEntry())
				.extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.doesNotContain(other.toUnqualifiedVersionless().getValue());
		assertThat(everything.getEntry())
				.filteredOn(e -> e.getResource().fhirType().equals("Condition"))
				.extracting(e -> ((org.hl7.fhir.r4.model.Condition) e.getResource()).getSubject().getReference())
				.containsOnly(patient.toUnqualifiedVersionless().getValue());
		assertThat(conditionsOnly.getEntry())
				.extracting(e -> e.getResource().fhirType())
				.containsOnly("Patient", "Condition");
	}

	@Test
	void aTransactionsReferencesAreLookedUpThroughTheIndexOnTypeAndId() throws SQLException {
		H2QueryPlans plan = plans();
		long before = plan.pairsPlanned();

		patientWithSharedRecord("Ortiz", "zeta");
		String planned = plan.inspect(H2QueryPlansTest.THREE_BY_TYPE_AND_ID);

		// HAPI's look-up still has the shape the rewrite recognises, and H2 reads it from the (type, id) index
		assertThat(plan.pairsPlanned()).isGreaterThan(before);
		assertThat(h2Plan(planned, "Patient", "a", "Organization", "b", "Practitioner", "c"))
				.contains("IDX_RES_TYPE_FHIR_ID")
				.doesNotContain("tableScan");
	}

	@Test
	void aSortedSearchByReferenceStartsFromTheLinksToThatResource() throws SQLException {
		H2QueryPlans plan = plans();
		IdType patient = patientWithSharedRecord("Okoro", "eta");
		long before = plan.sortedPlanned();

		Bundle conditions = client.search()
				.byUrl("Condition?subject=" + patient.getValue() + "&_sort=-onset-date")
				.returnBundle(Bundle.class)
				.execute();

		assertThat(conditions.getEntry()).isNotEmpty();
		assertThat(conditions.getEntry())
				.extracting(e -> ((org.hl7.fhir.r4.model.Condition) e.getResource()).getSubject().getReference())
				.containsOnly(patient.getValue());
		assertThat(plan.sortedPlanned()).isGreaterThan(before);
		String planned = plan.inspect(H2QueryPlansTest.SORTED_BY_REFERENCE);
		assertThat(h2Plan(planned, 1L, "Condition.subject", 1L, 21))
				.contains("FROM \"PUBLIC\".\"HFJ_RES_LINK\" \"T0\"")
				.doesNotContain("tableScan");
	}

	@Test
	void aSearchByReferenceAndStatusReadsTheStatusOfEachResourceFoundFromTheLinks() throws SQLException {
		H2QueryPlans plan = plans();
		IdType patient = patientWithSharedRecord("Achebe", "theta");
		long before = plan.tokensPlanned();

		Bundle teams = client.search()
				.byUrl("CareTeam?subject=" + patient.getValue() + "&status=active")
				.returnBundle(Bundle.class)
				.execute();

		assertThat(teams.getEntry()).isNotEmpty();
		assertThat(teams.getEntry())
				.extracting(e -> ((org.hl7.fhir.r4.model.CareTeam) e.getResource()).getSubject().getReference())
				.containsOnly(patient.getValue());
		assertThat(plan.tokensPlanned()).isGreaterThan(before);
		String planned = plan.inspect(H2QueryPlansTest.BY_REFERENCE_AND_TOKEN);
		// not from every resource with that status (the plan names the table it starts from first)
		assertThat(h2Plan(planned, "CareTeam.subject.where(resolve() is Patient)", 1L, 1L, "CareTeam.subject", 1L, 21))
				.doesNotContain("FROM \"PUBLIC\".\"HFJ_SPIDX_TOKEN\" \"T2\"")
				.doesNotContain("tableScan");
	}

	@Test
	void theEmbeddedDatabaseIsToldToKeepResourceTextUpTo16KbInTheRow() throws SQLException {
		// HAPI keeps resource text in a CLOB column; H2 hands out a CLOB stored outside the row by copying it into its
		// LOB store (kept 5 minutes), so with H2's default of 256 bytes every read of a resource was also a write.
		// What is checked is the setting the running server's database was opened with (server/EmbeddedH2).
		assertThat(H2Settings.reported(dataSource, "MAX_LENGTH_INPLACE_LOB")).singleElement()
				.satisfies(length -> assertThat(Integer.parseInt(length)).isGreaterThanOrEqualTo(16384));
	}

	@Test
	void theEmbeddedDatabaseWritesEachCommitToItsFileBeforeTheClientIsAnswered() throws SQLException {
		// H2's default write delay (500 ms) lost acknowledged writes to a killed process (README, crash safety)
		assertThat(H2Settings.reported(dataSource, "WRITE_DELAY")).isNotEmpty().containsOnly("0");
	}

	/** H2's plan for a query with these parameters ({@code EXPLAIN}). */
	private String h2Plan(String sql, Object... parameters) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
			for (int i = 0; i < parameters.length; i++) {
				explain.setObject(i + 1, parameters[i]);
			}
			try (ResultSet result = explain.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	private H2QueryPlans plans() {
		return (H2QueryPlans) entityManagerFactory
				.unwrap(SessionFactoryImplementor.class)
				.getSessionFactoryOptions()
				.getStatementInspector();
	}

	private IdType patientWithSharedRecord(String family, String tag) {
		Bundle created = client.transaction()
				.withBundle(SharedRecord.forPatient(NhsNumbers.random(), family, tag))
				.execute();
		return new IdType(created.getEntry().get(2).getResponse().getLocation()).toUnqualifiedVersionless();
	}

	private Bundle everything(IdType patient, String types) {
		Parameters parameters = new Parameters();
		if (types != null) {
			parameters.addParameter("_type", new StringType(types));
		}
		return client.operation()
				.onInstance(patient)
				.named("$everything")
				.withParameters(parameters)
				.useHttpGet()
				.returnResourceType(Bundle.class)
				.execute();
	}
}
