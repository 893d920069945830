package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.narrative.DefaultThymeleafNarrativeGenerator;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

class OneEngineNarrativeGeneratorTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void everyGuideExampleGetsTheNarrativeHapisOwnGeneratorWrites() throws IOException {
		OneEngineNarrativeGenerator reused = new OneEngineNarrativeGenerator();
		DefaultThymeleafNarrativeGenerator hapi = new DefaultThymeleafNarrativeGenerator();
		List<DomainResource> examples = guideExamples();
		assertThat(examples).hasSizeGreaterThan(50);
		int withNarrative = 0;
		for (DomainResource example : examples) {
			String ours = reused.generateResourceNarrative(FHIR, example);
			assertThat(ours).as(example.getIdElement().getValue())
					.isEqualTo(hapi.generateResourceNarrative(FHIR, example));
			withNarrative += ours == null ? 0 : 1;
		}
		// HAPI has templates for Patient, OperationOutcome, DiagnosticReport and Medication; a test of nulls would
		// prove nothing
		assertThat(withNarrative).isGreaterThan(10);
	}

	@Test
	void aTransactionEntrysReceiptGetsNoNarrativeWhileAnErrorGetsHapis() {
		OneEngineNarrativeGenerator reused = new OneEngineNarrativeGenerator();
		OperationOutcome receipt = transactionEntryReceipt();
		OperationOutcome refusal = refusal();

		assertThat(reused.populateResourceNarrative(FHIR, receipt)).isFalse();
		assertThat(receipt.getText().isEmpty()).isTrue();

		assertThat(reused.populateResourceNarrative(FHIR, refusal)).isTrue();
		assertThat(refusal.getText().getDivAsString()).contains("does not conform to its Concord profile")
				.isEqualTo(withHapisNarrative(refusal()).getText().getDivAsString());
	}

	private static OperationOutcome withHapisNarrative(OperationOutcome outcome) {
		new DefaultThymeleafNarrativeGenerator().populateResourceNarrative(FHIR, outcome);
		return outcome;
	}

	@Test
	void oneEngineServesConcurrentRequestsWithTheSameNarratives() throws Exception {
		OneEngineNarrativeGenerator reused = new OneEngineNarrativeGenerator();
		DefaultThymeleafNarrativeGenerator hapi = new DefaultThymeleafNarrativeGenerator();
		List<DomainResource> examples = guideExamples();
		List<Callable<Void>> work = new ArrayList<>();
		for (int round = 0; round < 4; round++) {
			work.add(() -> {
				for (DomainResource example : examples) {
					assertThat(reused.generateResourceNarrative(FHIR, example))
							.isEqualTo(hapi.generateResourceNarrative(FHIR, example));
				}
				return null;
			});
		}
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			for (Future<Void> done : threads.invokeAll(work)) {
				done.get(); // rethrows a thread's failed assertion
			}
		} finally {
			threads.shutdownNow();
		}
	}

	private static List<DomainResource> guideExamples() throws IOException {
		List<DomainResource> examples = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("ig", "examples"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
				try (Reader reader = Files.newBufferedReader(file)) {
					add(FHIR.newJsonParser().parseResource(reader), examples);
				}
			}
		}
		examples.add(refusal());
		return examples;
	}

	/** What HAPI writes for each entry of a transaction's response. */
	private static OperationOutcome transactionEntryReceipt() {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics("Successfully created resource \"Patient/1/_history/1\".")
				.getDetails().addCoding().setSystem("https://hapifhir.io/fhir/CodeSystem/hapi-fhir-storage-response-code")
				.setCode("SUCCESSFUL_CREATE");
		return outcome;
	}

	/** What a refused write gets: an error, here beside an informational note. */
	private static OperationOutcome refusal() {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.PROCESSING)
				.setDiagnostics("Condition does not conform to its Concord profile");
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics("Checked against https://fhir.concord.org.uk/StructureDefinition/RareDiseaseCondition");
		return outcome;
	}

	private static void add(IBaseResource resource, List<DomainResource> examples) {
		if (resource instanceof Bundle bundle) {
			bundle.getEntry().forEach(entry -> add(entry.getResource(), examples));
		} else if (resource instanceof DomainResource domain) {
			// HAPI's templates apply to resources that declare no profile, as the OperationOutcomes a server writes
			domain.setText(null);
			domain.getMeta().setProfile(List.of());
			examples.add(domain);
		}
	}
}
