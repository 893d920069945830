package uk.concord.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Measure;
import org.junit.jupiter.api.Test;

/** The gap codes the report writes are the ones the guide's CodeSystem and Measure define, with the same words. */
class CoordinationCodesTest {

	private static final Path GENERATED = Path.of("fhir-profiles/fsh-generated/resources");
	private static final FhirContext R4 = FhirContext.forR4Cached();

	@Test
	void everyKindOfGapIsACodeOfTheCoordinationGapCodeSystemWithTheSameDisplay() throws IOException {
		CodeSystem codes = read("CodeSystem-coordination-gap.json", CodeSystem.class);

		assertThat(codes.getUrl()).isEqualTo(CoordinationVocabulary.GAP_SYSTEM);
		assertThat(codes.getConcept()).extracting(c -> c.getCode() + " = " + c.getDisplay())
				.containsExactlyElementsOf(Arrays.stream(CoordinationGap.values()).map(g -> g.code() + " = " + g.display()).toList());
	}

	@Test
	void theMeasureTheReportNamesHasOneGroupPerKindOfGapInTheReportsOrder() throws IOException {
		Measure measure = read("Measure-coordination-gaps.json", Measure.class);

		assertThat(measure.getUrl()).isEqualTo(CoordinationVocabulary.GAPS_MEASURE);
		assertThat(measure.getGroup()).extracting(g -> g.getCode().getCodingFirstRep().getCode())
				.containsExactlyElementsOf(Arrays.stream(CoordinationGap.values()).map(CoordinationGap::code).toList());
	}

	@Test
	void theReviewTaskCodeAndTheStratifiersAreDefined() throws IOException {
		assertThat(read("CodeSystem-coordination-task.json", CodeSystem.class).getConcept())
				.extracting(CodeSystem.ConceptDefinitionComponent::getCode).containsExactly(CoordinationVocabulary.REVIEW_TASK_CODE);
		CodeSystem stratifiers = read("CodeSystem-coordination-gap-stratifier.json", CodeSystem.class);
		assertThat(stratifiers.getUrl()).isEqualTo(CoordinationVocabulary.STRATIFIER_SYSTEM);
		assertThat(stratifiers.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode)
				.containsExactly("region", "organisation");
	}

	private static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T read(String file, Class<T> type) throws IOException {
		return R4.newJsonParser().parseResource(type, Files.readString(GENERATED.resolve(file)));
	}
}
