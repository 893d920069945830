package uk.concord.coding;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/** ORPHAcodes sent under http://www.orpha.net are stored, emitted and found under https://www.orpha.net. */
@EmbeddedServerTest
class OrphanetSystemIT {

	FhirHttp fhir;
	String patient;

	@BeforeEach
	void patient() {
		FhirHttp.Response created = fhir.post("Patient", "application/fhir+json", """
				{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}],
				 "name":[{"family":"Orpha"}],"gender":"female","birthDate":"2008-08-08"}""".formatted(NhsNumbers.random()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		patient = created.as(Patient.class).getIdElement().getIdPart();
	}

	@Test
	void aConditionCodedUnderTheHttpSystemIsStoredUnderHttpsAndFoundByTheDocumentedSearch() {
		String id = condition("http://www.orpha.net");

		Condition stored = fhir.get("Condition/" + id).as(Condition.class);

		assertThat(stored.getCode().getCoding()).extracting("system").containsExactly("https://www.orpha.net");
		assertThat(ids("Condition?subject=Patient/" + patient + "&code=https://www.orpha.net|558")).containsExactly(id);
	}

	@Test
	void aSearchThatNamesTheHttpSystemFindsTheSameConditions() {
		String sentHttp = condition("http://www.orpha.net");
		String sentHttps = condition("https://www.orpha.net");

		assertThat(ids("Condition?subject=Patient/" + patient + "&code=http://www.orpha.net|558"))
				.containsExactlyInAnyOrder(sentHttp, sentHttps);
		assertThat(ids("Condition?subject=Patient/" + patient + "&code=http://snomed.info/sct|1,http://www.orpha.net|558"))
				.containsExactlyInAnyOrder(sentHttp, sentHttps);
	}

	private String condition(String orphanetSystem) {
		FhirHttp.Response created = fhir.post("Condition", "application/fhir+json", """
				{"resourceType":"Condition","meta":{"profile":["https://fhir.concord.org.uk/StructureDefinition/RareDiseaseCondition"]},
				 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
				 "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
				 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"problem-list-item"}]}],
				 "code":{"coding":[{"system":"%s","code":"558","display":"Marfan syndrome"}]},
				 "subject":{"reference":"Patient/%s"}}""".formatted(orphanetSystem, patient));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.as(Condition.class).getIdElement().getIdPart();
	}

	private java.util.List<String> ids(String search) {
		return fhir.get(search).as(Bundle.class).getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}
}
