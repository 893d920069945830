package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import uk.concord.ConcordApplication;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

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
			patientId = (IdType) fhir.client()
					.create()
					.resource(CoreFhirApiContract.patient(nhsNumber, "Quinn"))
					.execute()
					.getId()
					.toUnqualifiedVersionless();
			CarePlan plan = new CarePlan()
					.setStatus(CarePlan.CarePlanStatus.ACTIVE)
					.setIntent(CarePlan.CarePlanIntent.PLAN)
					.setSubject(new Reference(patientId))
					.setDescription("Plan that mentions " + word);
			fhir.client().create().resource(plan).execute();
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
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ConcordApplication.class)
				.run("--server.port=0", "--concord.server.data-dir=" + dataDir);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}
}
