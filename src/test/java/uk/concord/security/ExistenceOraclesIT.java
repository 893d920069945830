package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.Outcomes;

/**
 * A token cannot tell whether a patient it may not see exists: asking about Rachel ({@code swan-adult}, not cared
 * for by Riverside) gets exactly the answer that asking about nobody gets, 404 with the same words. And counts of the
 * whole server's history are only for tokens that may read every type.
 */
@EmbeddedServerTest
class ExistenceOraclesIT {

	private static final String RACHEL = "swan-adult";
	private static final String RACHEL_NHS = "9449305552";
	private static final String NOBODY = "no-such-patient-0";

	FhirHttp fhir;

	@Test
	void askingAboutAPatientOutOfReachIsAnsweredAsAskingAboutNobody() {
		FhirHttp gp = fhir.as("gp-riverside");
		for (String template : List.of("Patient/%s/$everything", "Patient/%s/$summary", "Patient/%s/_history")) {
			assertSameNotFound(gp.get(template.formatted(RACHEL)), gp.get(template.formatted(NOBODY)), RACHEL, NOBODY);
		}
		String nobodysNhs = "9000000009";
		String byNhs = "Patient/$summary?identifier=" + NhsNumbers.SYSTEM + "|%s";
		assertSameNotFound(gp.get(byNhs.formatted(RACHEL_NHS)), gp.get(byNhs.formatted(nobodysNhs)), RACHEL_NHS, nobodysNhs);
		// the patient app is bound to Oliver: the same for Rachel
		FhirHttp app = fhir.as("patient-app");
		assertSameNotFound(app.get("Patient/" + RACHEL + "/$everything"), app.get("Patient/" + NOBODY + "/$everything"),
				RACHEL, NOBODY);
		// and those who may see Rachel still do
		assertThat(fhir.get("Patient/" + RACHEL + "/$summary").status()).isEqualTo(200);
		assertThat(fhir.get(byNhs.formatted(RACHEL_NHS)).status()).isEqualTo(200);
		assertThat(gp.get("Patient/dmd-child/$everything").status()).isEqualTo(200);
	}

	@Test
	void theServerWideHistoryCountIsOnlyForTokensThatReadEveryType() {
		FhirHttp auditor = fhir.as("auditor");
		FhirHttp.Response all = auditor.get("_history?_count=0");
		assertThat(all.status()).isEqualTo(403);
		assertThat(all.body()).doesNotContain("\"total\"");
		assertThat(auditor.get("Patient/_history?_count=0").status()).isEqualTo(403);
		assertThat(auditor.get("AuditEvent/_history?_count=0").status()).isEqualTo(200);
		for (String narrow : List.of("patient-app", "gp-riverside", "ed-clinician")) {
			assertThat(fhir.as(narrow).get("_history?_count=0").status()).isEqualTo(403);
			assertThat(fhir.as(narrow).get("Condition/_history?_count=0").status()).isEqualTo(403);
		}
		assertThat(fhir.get("_history?_count=0").status()).isEqualTo(200);
	}

	static void assertSameNotFound(FhirHttp.Response notAllowed, FhirHttp.Response notThere, String existing, String missing) {
		assertThat(notAllowed.status()).as(notAllowed.body()).isEqualTo(404);
		assertThat(notThere.status()).as(notThere.body()).isEqualTo(404);
		OperationOutcome a = notAllowed.as(OperationOutcome.class);
		OperationOutcome b = notThere.as(OperationOutcome.class);
		assertThat(a.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
		assertThat(b.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
		assertThat(String.join(" ", Outcomes.errors(a)).replace(existing, "?"))
				.isEqualTo(String.join(" ", Outcomes.errors(b)).replace(missing, "?"));
	}
}
