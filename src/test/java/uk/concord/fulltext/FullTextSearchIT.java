package uk.concord.fulltext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import uk.concord.testing.ClinicLetters;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/** "Which of my patients' plans and letters mention …?" over the guide's records, through Lucene. */
@EmbeddedServerTest
class FullTextSearchIT {

	FhirHttp fhir;

	@Test
	void carePlansAreFoundByAWordInTheirActivities() {
		assertThat(ids("CarePlan?_content=hydrocortisone")).contains("dmd-emergency-care-plan");
		assertThat(ids("CarePlan?_content=hydrocortisone")).doesNotContain("dmd-transition-plan");
	}

	@Test
	void clinicLettersAreFoundByAWordInTheirPlainTextAttachment() {
		assertThat(ids("DocumentReference?_content=steroids")).contains("dmd-clinic-letter");
	}

	@Test
	void aNewPlainTextLetterIsSearchableByItsContentStraightAway() {
		String word = "ventilation" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		String letter = ClinicLetters.plainText("Patient/dmd-child", "Night-time " + word + " started.");

		assertThat(fhir.post("DocumentReference", "application/fhir+json", letter).status()).isEqualTo(201);
		assertThat(fhir.get("DocumentReference?_content=" + word).as(Bundle.class).getEntry()).hasSize(1);
	}

	@Test
	void alertFlagsAreFoundByTheirText() {
		assertThat(ids("Flag?_content=Duchenne")).contains("dmd-alert");
	}

	private java.util.List<String> ids(String search) {
		FhirHttp.Response response = fhir.get(search);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(Bundle.class).getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart())
				.toList();
	}
}
