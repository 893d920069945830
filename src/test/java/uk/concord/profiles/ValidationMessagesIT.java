package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.Outcomes;

/**
 * One rule set everywhere, and messages a developer can act on (issue 11): Bundle/$validate applies the same rules
 * as a transaction, errors inside a bundle name the entry, unknown codes name the allowed ones.
 */
@EmbeddedServerTest
class ValidationMessagesIT {

	FhirHttp fhir;

	@Test
	void bundleValidateAppliesConcordsProfileToEntriesThatDeclareNone() {
		Bundle bundle = transactionWith(conditionWithoutOrphacode());

		FhirHttp.Response validated = fhir.post("Bundle/$validate", "application/fhir+json", GuideExamples.json(bundle));
		FhirHttp.Response transaction = fhir.post("", "application/fhir+json", GuideExamples.json(bundle));

		assertThat(Outcomes.errors(validated.as(OperationOutcome.class)))
				.anySatisfy(m -> assertThat(m).contains("at least one ORPHAcode"));
		assertThat(transaction.status()).isEqualTo(422);
		assertThat(transaction.body()).contains("at least one ORPHAcode");
	}

	@Test
	void errorInsideATransactionNamesTheEntry() {
		Bundle bundle = transactionWith(GuideExamples.copyOf("Condition-dmd-condition.json", Condition.class));
		bundle.addEntry().setResource(conditionWithoutOrphacode()).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");

		FhirHttp.Response response = fhir.post("", "application/fhir+json", GuideExamples.json(bundle));

		assertThat(response.status()).isEqualTo(422);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getDiagnostics()).contains("at least one ORPHAcode");
			assertThat(issue.getExpression()).anySatisfy(e -> assertThat(e.getValue()).startsWith("Bundle.entry[1].resource"));
		});
	}

	@Test
	void unknownPlanTypeNamesTheCodeAndTheAllowedOnes() {
		CarePlan plan = GuideExamples.copyOf("CarePlan-dmd-coordinated-care-plan.json", CarePlan.class);
		plan.getCategoryFirstRep().getCodingFirstRep().setCode("holiday-plan").setDisplay(null);

		FhirHttp.Response response = fhir.post("CarePlan", "application/fhir+json", GuideExamples.json(plan));

		assertThat(response.status()).isEqualTo(422);
		assertThat(Outcomes.errors(response.as(OperationOutcome.class))).anySatisfy(m -> assertThat(m)
				.contains("holiday-plan")
				.contains("coordinated-care-plan")
				.contains("emergency-care-plan")
				.contains("transition-plan")
				.contains("end-of-life-plan"));
		assertThat(response.body()).doesNotContainIgnoringCase("slice");
	}

	@Test
	void baseR4FailureOfAProfiledTypeIsNotCalledAConcordProfileFailure() {
		// con-4 is a base R4 rule: an abated condition cannot be active.
		Condition condition = GuideExamples.copyOf("Condition-dmd-condition.json", Condition.class);
		condition.setAbatement(new org.hl7.fhir.r4.model.DateTimeType("2024-01-01"));

		FhirHttp.Response response = fhir.post("Condition", "application/fhir+json", GuideExamples.json(condition));

		assertThat(response.status()).as(response.body()).isEqualTo(422);
		assertThat(response.body()).contains("con-4").contains("is not valid FHIR R4")
				.doesNotContain("does not conform to its Concord profile");
	}

	private static Condition conditionWithoutOrphacode() {
		Condition condition = GuideExamples.copyOf("Condition-dmd-condition.json", Condition.class);
		condition.getMeta().getProfile().clear();
		condition.getCode().getCoding().removeIf(c -> c.getSystem().contains("orpha.net"));
		return condition;
	}

	private static Bundle transactionWith(Condition condition) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setResource(condition).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
		return bundle;
	}
}
