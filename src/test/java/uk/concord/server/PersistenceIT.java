package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.concord.ConcordApplication;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/** The embedded default keeps what it acknowledged: stop the server, start it on the same folder, data is there. */
class PersistenceIT {

	@TempDir
	Path dataDir;

	@Test
	void recordsAndTheirFullTextIndexSurviveARestartOnTheSameDataFolder() {
		String nhsNumber = NhsNumbers.random();
		String word = "persist" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		IdType patientId;
		try (ConfigurableApplicationContext first = start()) {
			FhirHttp fhir = new FhirHttp(port(first));
			Bundle created = fhir.client().transaction().withBundle(SharedRecord.forPatient(nhsNumber, "Quinn", word)).execute();
			patientId = new IdType(created.getEntry().get(2).getResponse().getLocation()).toUnqualifiedVersionless();
			markUniqueConstraints(new JdbcTemplate(first.getBean(DataSource.class)));
		}

		try (ConfigurableApplicationContext second = start()) {
			FhirHttp fhir = new FhirHttp(port(second));
			Patient patient = fhir.client().read().resource(Patient.class).withId(patientId).execute();
			Bundle byNhsNumber = fhir.client()
					.search()
					.byUrl("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber)
					.returnBundle(Bundle.class)
					.execute();
			Bundle byWord = fhir.client().search().byUrl("CarePlan?_content=" + word).returnBundle(Bundle.class).execute();

			assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Quinn");
			assertThat(byNhsNumber.getEntry()).hasSize(1);
			assertThat(byWord.getEntry()).hasSize(1);
			// The guide's demo records were loaded on the first start only: the restart added no second copy.
			assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|9434765919")).isEqualTo(1);
			// The package installed again on the same folder: its profile once, and its rules hold.
			assertThat(fhir.total("StructureDefinition?url=https://fhir.concord.org.uk/StructureDefinition/RareDiseasePatient"))
					.isEqualTo(1);
			Patient withoutBirthDate = new Patient();
			withoutBirthDate.addIdentifier().setSystem(NhsNumbers.SYSTEM).setValue(NhsNumbers.random());
			withoutBirthDate.addName().setFamily("Restarted");
			withoutBirthDate.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
			FhirHttp.Response refused = fhir.post("Patient", "application/fhir+json",
					FhirHttp.R4.newJsonParser().encodeResourceToString(withoutBirthDate));
			assertThat(refused.status()).as(refused.body()).isEqualTo(422);
			assertThat(refused.body()).contains("Patient.birthDate");
			// Hibernate's schema update left the unique constraints (and the indexes behind them) as they were: a
			// constraint dropped and made again, as its default does at every start, loses its comment.
			assertThat(uniqueConstraints(new JdbcTemplate(second.getBean(DataSource.class))))
					.isNotEmpty()
					.allSatisfy((name, remark) -> assertThat(remark).as(name).isEqualTo(KEPT));
		}
	}

	private static final String KEPT = "kept since the first start";

	private static void markUniqueConstraints(JdbcTemplate jdbc) {
		uniqueConstraints(jdbc).keySet().forEach(name -> jdbc.execute("COMMENT ON CONSTRAINT \"" + name + "\" IS '" + KEPT + "'"));
	}

	/** The unique constraints of HAPI's tables, by name, with their comments. */
	private static Map<String, String> uniqueConstraints(JdbcTemplate jdbc) {
		Map<String, String> remarks = new TreeMap<>();
		jdbc.query("SELECT CONSTRAINT_NAME, REMARKS FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
				+ " WHERE CONSTRAINT_SCHEMA = 'PUBLIC' AND CONSTRAINT_TYPE = 'UNIQUE' AND TABLE_NAME LIKE 'HFJ%'",
				row -> {
					remarks.put(row.getString(1), String.valueOf(row.getString(2)));
				});
		return remarks;
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ConcordApplication.class)
				.run("--server.port=0", "--concord.server.data-dir=" + dataDir);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}
}
