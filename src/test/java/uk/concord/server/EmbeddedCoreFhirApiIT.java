package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
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

	@Test
	void aPatientsEverythingIsFoundFromThatPatientsOwnLinksAndHoldsNoOtherPatientsRecords() {
		H2PatientEverythingPlan plan = (H2PatientEverythingPlan) entityManagerFactory
				.unwrap(SessionFactoryImplementor.class)
				.getSessionFactoryOptions()
				.getStatementInspector();
		IdType patient = patientWithSharedRecord("Nowak", "delta");
		IdType other = patientWithSharedRecord("Nowak", "epsilon");
		long before = plan.planned();

		Bundle everything = everything(patient, null);
		Bundle conditionsOnly = everything(patient, "Condition");

		// HAPI's query still has the shape the plan recognises (else $everything walks the whole database again)
		assertThat(plan.planned()).isGreaterThanOrEqualTo(before + 2);
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
