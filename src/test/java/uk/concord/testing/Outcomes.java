package uk.concord.testing;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Reading OperationOutcomes in tests. */
public final class Outcomes {

	private Outcomes() {}

	/** The diagnostics of the error and fatal issues (warnings and information left out). */
	public static List<String> errors(OperationOutcome outcome) {
		return outcome.getIssue().stream()
				.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
						|| i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
				.map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
				.toList();
	}
}
