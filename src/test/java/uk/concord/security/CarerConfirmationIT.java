package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Date;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.concord.record.Vocabulary;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * From 16 (concord.security.carer-confirmation-age) a young person confirms their carer's access with a
 * CarerAccessConsent, or it lapses. Demo: James Bennett (17) has confirmed his father Mark; Oliver (13) needs no
 * confirmation for his mother Claire.
 */
@EmbeddedServerTest
class CarerConfirmationIT {

	private static final String CONFIRMATION = "Consent/dmd-sibling-carer-consent";
	private static final String PROFILE = "https://fhir.concord.org.uk/StructureDefinition/CarerAccessConsent";

	FhirHttp fhir;
	SignInFlow browser;

	@BeforeEach
	void newBrowser() {
		browser = new SignInFlow(fhir.root());
	}

	@Test
	void aCarerOfAYoungPersonOver16ReachesTheirRecordOnlyWhileTheYoungPersonConfirmsIt() throws Exception {
		String mark = markSignsIn();
		assertThat(read(mark, "Patient/dmd-sibling").body()).contains("James");

		try {
			setConfirmation(Consent.ConsentState.INACTIVE);

			FhirHttp.Response record = read(mark, "Patient/dmd-sibling");
			assertThat(record.status()).isIn(403, 404);
			assertThat(record.body()).doesNotContain("James");
			assertThat(read(mark, "Condition?subject=Patient/dmd-sibling").body()).doesNotContain("dystrophin");
			assertThat(read(mark, "Patient/dmd-sibling/$everything").body()).doesNotContain("James");
			assertThat(read(mark, fhir.root() + "/passport/Patient/dmd-sibling").status()).isIn(403, 404);

			// James confirms his father again, with his own app
			FhirHttp.Response confirmed = fhir.as("james-app").post("Consent", "application/fhir+json",
					json(confirmation("Patient/dmd-sibling")));
			assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);

			assertThat(read(mark, "Patient/dmd-sibling").status()).isEqualTo(200);
			assertThat(read(mark, "Condition?subject=Patient/dmd-sibling").body()).contains("dystrophin");
			fhir.delete(confirmed.raw().headers().firstValue("Location").orElseThrow()
					.replaceAll("/_history/.*", ""));
		} finally {
			setConfirmation(Consent.ConsentState.ACTIVE);
		}
		assertThat(read(mark, "Patient/dmd-sibling").status()).isEqualTo(200);
	}

	@Test
	void aConfirmationMustBeThePatientsOwnAndDeclareItsProfile() {
		Consent byTheCarer = confirmation("RelatedPerson/dmd-sibling-father");
		FhirHttp.Response refused = fhir.as("james-app").post("Consent", "application/fhir+json", json(byTheCarer));
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.as(OperationOutcome.class).getIssue()).anyMatch(issue ->
				issue.getExpression().stream().anyMatch(path -> path.getValue().startsWith("Consent.performer")));

		// without meta.profile it is read as a CareSharingConsent, whose rules name organisations, not carers
		Consent undeclared = confirmation("Patient/dmd-sibling");
		undeclared.getMeta().getProfile().clear();
		assertThat(fhir.as("james-app").post("Consent", "application/fhir+json", json(undeclared)).status()).isEqualTo(422);
	}

	@Test
	void aChildUnder16NeedsNoConfirmationForTheirParent() throws Exception {
		String claire = browser.signIn(AuthorizationCodeIT.PARENT_SCOPES, "claire", "claire-password", fhir.base())
				.get("access_token").asText();
		assertThat(fhir.total("Consent?patient=Patient/dmd-child&category=" + Vocabulary.CONSENT_CATEGORY + "|"
				+ Vocabulary.CARER_ACCESS)).isZero();

		assertThat(read(claire, "Patient/dmd-child").body()).contains("Oliver");
	}

	private Consent confirmation(String performer) {
		Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE)
				.setPatient(new Reference("Patient/dmd-sibling")).setDateTime(new Date());
		consent.getMeta().addProfile(PROFILE);
		consent.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
		consent.addCategory().addCoding().setSystem(Vocabulary.CONSENT_CATEGORY).setCode(Vocabulary.CARER_ACCESS);
		consent.addPerformer(new Reference(performer));
		consent.addPolicy().setUri("https://fhir.concord.org.uk/policy/carer-access");
		consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT).getPeriod().setStart(new Date());
		consent.getProvision().addActor().setReference(new Reference("RelatedPerson/dmd-sibling-father")).getRole()
				.addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-RoleClass").setCode("AGNT");
		return consent;
	}

	private void setConfirmation(Consent.ConsentState status) {
		Consent consent = fhir.get(CONFIRMATION).as(Consent.class);
		consent.setStatus(status);
		FhirHttp.Response saved = fhir.send(HttpRequest.newBuilder(fhir.uri(CONFIRMATION))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(json(consent))));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
	}

	private String markSignsIn() throws Exception {
		return browser.signIn(AuthorizationCodeIT.PARENT_SCOPES, "mark", "mark-password", fhir.base())
				.get("access_token").asText();
	}

	private FhirHttp.Response read(String token, String path) {
		return fhir.anonymous().send(HttpRequest.newBuilder(fhir.uri(path))
				.header("Accept", "application/fhir+json")
				.header("Authorization", "Bearer " + token)
				.GET());
	}

	private static String json(org.hl7.fhir.r4.model.Resource resource) {
		return FhirHttp.R4.newJsonParser().encodeResourceToString(resource);
	}
}
