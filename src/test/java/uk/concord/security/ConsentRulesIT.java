package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.GuideFiles;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.Outcomes;
import uk.concord.testing.SharedRecord;

/**
 * A CareSharingConsent means what it says however it names the organisation (by ODS identifier or by reference to
 * the Organization), and a rule Concord cannot interpret is refused rather than stored and read as "permit". The
 * organisation here is University Hospitals Birmingham (RRK, {@code Organization/org-uhb}), whose emergency
 * department has the demo token {@code ed-clinician}.
 */
@EmbeddedServerTest
class ConsentRulesIT {

	FhirHttp fhir;

	@Test
	void aDenyNamingTheOrganisationByReferenceOnlyClosesTheRecordToIt() {
		String patient = patientCaredForByUhb("ByReference");
		FhirHttp ed = fhir.as("ed-clinician");
		assertThat(ed.get("Patient/" + patient).status()).isEqualTo(200);

		Consent consent = denying(patient);
		consent.getProvision().getProvisionFirstRep().getActorFirstRep().setReference(new Reference("Organization/org-uhb"));
		assertThat(fhir.post("Consent", "application/fhir+json", json(consent)).status()).isEqualTo(201);

		FhirHttp.Response read = ed.get("Patient/" + patient);
		assertThat(read.status()).isEqualTo(403);
		assertThat(read.body()).doesNotContain("ByReference");
		FhirHttp.Response conditions = ed.get("Condition?subject=Patient/" + patient);
		assertThat(conditions.status()).isEqualTo(403);
		assertThat(conditions.body()).doesNotContain("\"Condition\"");
	}

	@Test
	void aConsentRuleNamingSomeoneConcordCannotIdentifyIsRefusedAndNotStored() {
		String patient = patientCaredForByUhb("Uninterpretable");
		int consentsBefore = fhir.get("Consent?patient=Patient/" + patient).as(Bundle.class).getEntry().size();

		Consent practitioner = denying(patient);
		practitioner.getProvision().getProvisionFirstRep().getActorFirstRep()
				.setReference(new Reference("Practitioner/pract-gp-riverside"));
		assertRefused(practitioner, "Practitioner/pract-gp-riverside");

		Consent unknown = denying(patient);
		unknown.getProvision().getProvisionFirstRep().getActorFirstRep().setReference(new Reference("Organization/no-such-org"));
		assertRefused(unknown, "Organization/no-such-org");

		Consent contradictory = denying(patient);
		contradictory.getProvision().getProvisionFirstRep().getActorFirstRep().getReference()
				.setReference("Organization/org-gp-riverside");
		assertRefused(contradictory, "Organization/org-gp-riverside");

		assertThat(fhir.get("Consent?patient=Patient/" + patient).as(Bundle.class).getEntry()).hasSize(consentsBefore);
		assertThat(fhir.as("ed-clinician").get("Patient/" + patient).status()).isEqualTo(200);
	}

	private void assertRefused(Consent consent, String actor) {
		FhirHttp.Response response = fhir.post("Consent", "application/fhir+json", json(consent));
		assertThat(response.status()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.PROCESSING);
		assertThat(String.join(" ", Outcomes.errors(outcome))).contains(actor).contains("ODS");
	}

	private String patientCaredForByUhb(String family) {
		String nhs = NhsNumbers.random();
		String record = SharedRecord.json(nhs, family, "sharing").replace(SharedRecord.odsCodeOf(nhs), "RRK");
		assertThat(fhir.post("", "application/fhir+json", record).status()).isEqualTo(200);
		return fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	/** The guide's example consent (sharing permitted, denied to RRK), for this patient. */
	private static Consent denying(String patient) {
		Consent consent = FhirHttp.R4.newJsonParser().parseResource(Consent.class,
				GuideFiles.read(Path.of("ig/examples/Consent-swan-consent.json")));
		consent.setId((String) null);
		consent.getPatient().setReference("Patient/" + patient);
		consent.getPerformerFirstRep().setReference("Patient/" + patient);
		return consent;
	}

	private static String json(Consent consent) {
		return FhirHttp.R4.newJsonParser().encodeResourceToString(consent);
	}
}
