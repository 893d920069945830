package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/**
 * The side doors of issue 10, tried as an attacker would with the demo tokens. The GP practice (gp-riverside,
 * Y90001) cares for Oliver (dmd-child) and not for the SWAN adult (swan-adult), whose care team names three
 * practitioners; the emergency department clinician (ed-clinician, RRK) cares for neither.
 */
@EmbeddedServerTest
class SideDoorsIT {

	private static final String GP = "gp-riverside";
	private static final String ED = "ed-clinician";

	FhirHttp fhir;

	@Test
	void validatingARecordTheCallerCannotReadAnswersAsForARecordThatDoesNotExist() {
		FhirHttp gp = fhir.as(GP);

		FhirHttp.Response hidden = gp.post("Condition/swan-condition/$validate", "application/fhir+json",
				"{\"resourceType\":\"Parameters\"}");
		FhirHttp.Response absent = gp.post("Condition/no-such-condition/$validate", "application/fhir+json",
				"{\"resourceType\":\"Parameters\"}");
		FhirHttp.Response deleteMode = gp.get("Patient/swan-adult/$validate?mode=delete");

		assertThat(List.of(hidden.status(), absent.status(), deleteMode.status())).containsOnly(404);
		assertThat(hidden.body().replace("swan-condition", "ID")).isEqualTo(absent.body().replace("no-such-condition", "ID"));
		assertThat(hidden.body()).doesNotContain("616874", "orpha", "genome");
		assertThat(deleteMode.body()).doesNotContain("CareTeam", "Condition", "CarePlan", "Flag");
		assertThat(issue(hidden).getCode()).isEqualTo(IssueType.NOTFOUND);
		// a record the caller may read is validated as before
		assertThat(gp.get("Patient/dmd-child/$validate").status()).isEqualTo(200);
	}

	/**
	 * Tomcat passes bytes 0x80-0xFF in a header value through (as ISO-8859-1); Spring Security's firewall refuses the
	 * control characters among them (here NEL, 0x85) when the header is read, with an OperationOutcome (it was Spring
	 * Boot's error JSON under a FHIR content type).
	 */
	@Test
	void aRequestWhoseHeaderHoldsAControlCharacterIsRefusedWith400() throws Exception {
		URI record = fhir.uri("Patient/dmd-child");
		String token = fhir.as(GP).token();
		// the same request without the character is answered with the record
		assertThat(fhir.as(GP).get("Patient/dmd-child").status()).isEqualTo(200);
		byte[] head = ("GET " + record.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + record.getPort()
				+ "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/fhir+json\r\nConnection: close\r\n"
				+ "X-Correlation: a\u0085b\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
		try (Socket socket = new Socket("127.0.0.1", record.getPort())) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head);
			out.flush();
			BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			String statusLine = answer.readLine();
			StringBuilder rest = new StringBuilder();
			for (String line = answer.readLine(); line != null; line = answer.readLine()) {
				rest.append(line).append('\n');
			}
			assertThat(statusLine).startsWith("HTTP/1.1 400");
			assertThat(rest.toString()).contains("\"resourceType\":\"OperationOutcome\"", "\"code\":\"invalid\"",
					"control character").doesNotContain("dmd-child", "Exception", "at org.", "a\u0085b");
		}
	}

	@Test
	void reverseChainingIsForSystemTokensOnlyAlsoInsideBatches() {
		String whoTreatsTheSwanAdult = "Practitioner?_has:CareTeam:participant:subject=Patient/swan-adult";
		FhirHttp gp = fhir.as(GP);

		FhirHttp.Response direct = gp.get(whoTreatsTheSwanAdult);
		assertThat(direct.status()).isEqualTo(403);
		assertThat(direct.body()).doesNotContain("pract-geneticist");
		assertThat(issue(direct).getCode()).isEqualTo(IssueType.FORBIDDEN);
		assertThat(issue(direct).getDiagnostics()).contains("_has");

		FhirHttp.Response batch = gp.post("", "application/fhir+json", """
				{"resourceType":"Bundle","type":"batch","entry":[
				 {"request":{"method":"GET","url":"%s"}}]}""".formatted(whoTreatsTheSwanAdult));
		assertThat(batch.status()).isEqualTo(403);
		assertThat(batch.body()).doesNotContain("pract-geneticist");

		FhirHttp.Response audit = fhir.as("patient-app").get("Patient?_has:AuditEvent:entity:agent=ehr-system");
		assertThat(audit.status()).isEqualTo(403);

		// system tokens keep reverse chaining
		assertThat(fhir.get(whoTreatsTheSwanAdult).body()).contains("pract-geneticist");
	}

	@Test
	void anEmptyOrBlankPatientDoesNotNameThePatientABreakGlassSearchMustName() {
		String reason = "Unconscious in ED, parent reports DMD";
		for (String blank : List.of("", "%20", "%C2%A0", "Patient/")) {
			FhirHttp.Response everyone = ConsentAndBreakGlassIT.breakingGlass(fhir.as(ED),
					"CarePlan?patient=" + blank + "&category=https://fhir.concord.org.uk/CodeSystem/care-plan-type"
							+ "|emergency-care-plan", reason);
			assertThat(everyone.status()).as("patient=" + blank).isEqualTo(403);
			assertThat(everyone.body()).as("patient=" + blank).doesNotContain("dmd-emergency-care-plan");
		}
	}

	@Test
	void aBreakGlassReasonOfInvisibleCharactersIsRefused() {
		// non-breaking spaces, zero-width spaces, a zero-width joiner, control characters
		for (String invisible : List.of("%C2%A0%C2%A0", "%E2%80%8B%E2%80%8B", "%E2%80%8D", "%01%02%7F")) {
			FhirHttp.Response response =
					fhir.as(ED).get("CarePlan/dmd-emergency-care-plan?break-glass-reason=" + invisible);
			assertThat(response.status()).as(invisible).isEqualTo(403);
			assertThat(response.body()).as(invisible).doesNotContain("emergency-care-plan\"");
		}
		assertThat(fhir.as(ED).get("CarePlan/dmd-emergency-care-plan?break-glass-reason=Collapsed%C2%A0in%20ED")
				.status()).isEqualTo(200);
	}

	@Test
	void countingDoesNotSwitchOffTheConsentCheckOnEachRecordIncludedOnesToo() {
		String shared = patientCaredForBy("RRK", "Shared");
		String refusing = patientCaredForBy("RRK", "Refusing");
		assertThat(fhir.post("Consent", "application/fhir+json", SharedRecord.consentDenyingRrk(refusing, null))
				.status()).isEqualTo(201);
		// an observation on the shared patient's record that also belongs to the patient who refuses sharing
		assertThat(fhir.post("Observation", "application/fhir+json", """
				{"resourceType":"Observation","status":"final","code":{"text":"joint session note"},
				 "subject":{"reference":"Patient/%s"},"performer":[{"reference":"Patient/%s"}]}"""
				.formatted(shared, refusing)).status()).isEqualTo(201);
		FhirHttp ed = fhir.as(ED);

		for (String search : List.of("Observation?subject=Patient/" + shared,
				"Observation?subject=Patient/" + shared + "&_total=accurate",
				"Patient?_id=" + shared + "&_revinclude=Observation:subject&_total=accurate")) {
			FhirHttp.Response response = ed.get(search);
			assertThat(response.status()).as(search).isEqualTo(200);
			assertThat(response.body()).as(search).doesNotContain("joint session note");
		}
	}

	@Test
	void includedRecordsTheCallerMayNotReadAreLeftOutNotAllowedToRefuseTheSearch() {
		FhirHttp.Response response = fhir.as(GP).get("Practitioner?_id=pract-geneticist&_revinclude=CareTeam:participant");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("pract-geneticist").doesNotContain("swan-care-team", "swan-adult");
	}

	@Test
	void aPagingLinkHoldsNoResultsAndGivesAnotherCallerOnlyWhatTheirOwnSearchWould() {
		String everyone = fhir.get("Patient?_count=1&_sort=_id").as(Bundle.class).getLink(Bundle.LINK_NEXT).getUrl();
		assertThat(everyone).endsWith("Patient?_sort=_id&_count=1&_offset=1");

		FhirHttp.Response followedByTheGp = fhir.as(GP).get(everyone);
		assertThat(followedByTheGp.status()).isEqualTo(200);
		assertThat(followedByTheGp.body()).doesNotContain("swan-adult", "dmd-sibling");

		// the GP's own link repeats what it asked, not the patients it may reach (a list that outgrew a URL)
		Bundle plans = fhir.as(GP).get("CarePlan?_count=1").as(Bundle.class);
		assertThat(plans.getLink(Bundle.LINK_SELF).getUrl()).endsWith("CarePlan?_count=1");
		String next = plans.getLink(Bundle.LINK_NEXT).getUrl();
		assertThat(next).endsWith("CarePlan?_count=1&_offset=1");
		assertThat(fhir.as(GP).get(next).as(Bundle.class).getEntry()).hasSize(1);
		FhirHttp.Response followedByTheEd = fhir.as(ED).get(next);
		assertThat(followedByTheEd.status()).isIn(200, 403);
		assertThat(followedByTheEd.body()).doesNotContain("Patient/dmd-child");
	}

	@Test
	void aPageOfAStoredSearchGoesOnlyToTheCallerWhoseSearchMadeIt() {
		// full-text searches keep HAPI's stored pages (server/SearchesPagedByOffset)
		FhirHttp gp = fhir.as(GP);
		Bundle first = gp.get("DocumentReference?_content=Oliver&_count=1").as(Bundle.class);
		assertThat(first.getLink(Bundle.LINK_NEXT)).as("a second page of Oliver's letters").isNotNull();
		String next = first.getLink(Bundle.LINK_NEXT).getUrl();
		assertThat(next).contains("_getpages=");

		assertThat(gp.get(next).status()).isEqualTo(200);
		FhirHttp.Response replayed = fhir.as("patient-app").get(next);
		assertThat(replayed.status()).isEqualTo(403);
		assertThat(replayed.body()).doesNotContain("\"DocumentReference\"");
		assertThat(issue(replayed).getCode()).isEqualTo(IssueType.FORBIDDEN);
	}

	@Test
	void whatIsNotClassifiedForPatientAndUserTokensIsRefusedInWords() {
		for (String path : List.of("Patient/dmd-child/$meta", "Patient/$meta", "$get-resource-counts",
				"Patient?_list=List/x", "Patient?_filter=name%20eq%20x", "Patient?name:mdm=x")) {
			FhirHttp.Response response = fhir.as("patient-app").get(path);
			assertThat(response.status()).as(path).isEqualTo(403);
			assertThat(issue(response).getCode()).as(path).isEqualTo(IssueType.FORBIDDEN);
			assertThat(issue(response).getDiagnostics()).as(path).startsWith("Refused ");
		}
		assertThat(fhir.as("patient-app").get("Condition?code:text=dystrophy&_count=5").status()).isEqualTo(200);
	}

	@Test
	void hapisGenericMergeAndReferenceRewritingAreOfferedToNoTokenAndChangeNothing() {
		String source = patientCaredForBy("RP4", "Source");
		String target = patientCaredForBy("RP4", "Target");
		Condition before = fhir.get("Condition?subject=Patient/" + source).as(Bundle.class).getEntryFirstRep().getResource()
				instanceof Condition condition ? condition : null;
		assertThat(before).as("the source patient's condition").isNotNull();
		String merge = """
				{"resourceType":"Parameters","parameter":[
				 {"name":"source-resource","valueReference":{"reference":"Patient/%s"}},
				 {"name":"target-resource","valueReference":{"reference":"Patient/%s"}}]}""".formatted(source, target);
		String rewrite = """
				{"resourceType":"Parameters","parameter":[
				 {"name":"source-reference-id","valueString":"Patient/%s"},
				 {"name":"target-reference-id","valueString":"Patient/%s"}]}""".formatted(source, target);

		// the EHR system's system/*.cruds may use every other operation
		for (FhirHttp.Response refused : List.of(
				fhir.post("Patient/$hapi.fhir.merge", "application/fhir+json", merge),
				fhir.post("Condition/$hapi.fhir.merge", "application/fhir+json", merge),
				fhir.post("Patient/$hapi.fhir.undo-merge", "application/fhir+json", merge),
				fhir.post("$hapi.fhir.replace-references", "application/fhir+json", rewrite),
				fhir.post("$hapi.fhir.undo-replace-references", "application/fhir+json", rewrite))) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(403);
			assertThat(issue(refused).getCode()).isEqualTo(IssueType.FORBIDDEN);
			assertThat(issue(refused).getDiagnostics()).contains("this server does not offer it");
		}

		Condition after = fhir.get("Condition/" + before.getIdElement().getIdPart()).as(Condition.class);
		assertThat(after.getSubject().getReference()).isEqualTo("Patient/" + source);
		assertThat(after.getMeta().getVersionId()).isEqualTo(before.getMeta().getVersionId());
		CapabilityStatement capabilities = fhir.get("metadata").as(CapabilityStatement.class);
		List<String> offered = Stream.concat(capabilities.getRestFirstRep().getOperation().stream(),
				capabilities.getRestFirstRep().getResource().stream().flatMap(resource -> resource.getOperation().stream()))
				.map(operation -> operation.getName()).toList();
		assertThat(offered).contains("merge", "validate", "everything", "meta")
				.doesNotContain("hapi.fhir.merge", "hapi.fhir.undo-merge", "hapi.fhir.replace-references",
						"hapi.fhir.undo-replace-references", "meta-add", "meta-delete");
	}

	@Test
	void tagsCannotBeChangedBesideARecordsRulesEvenBySystemTokens() {
		Patient before = fhir.get("Patient/dmd-child").as(Patient.class);
		String tags = """
				{"resourceType":"Parameters","parameter":[{"name":"meta","valueMeta":{"tag":[
				 {"system":"https://fhir.nhs.uk/Id/ods-organization-code","code":"Y90001"}]}}]}""";

		for (String operation : List.of("$meta-add", "$meta-delete")) {
			FhirHttp.Response refused = fhir.post("Patient/dmd-child/" + operation, "application/fhir+json", tags);
			assertThat(refused.status()).as(refused.body()).isEqualTo(403);
			assertThat(issue(refused).getDiagnostics()).contains("this server does not offer it");
		}

		Patient after = fhir.get("Patient/dmd-child").as(Patient.class);
		assertThat(after.getMeta().getTag()).extracting(tag -> tag.getCode())
				.isEqualTo(before.getMeta().getTag().stream().map(tag -> tag.getCode()).toList())
				.doesNotContain("Y90001");
		assertThat(fhir.get("Patient/dmd-child/$meta").status()).as("reading tags stays").isEqualTo(200);
	}

	private String patientCaredForBy(String ods, String family) {
		String nhs = NhsNumbers.random();
		String record = SharedRecord.json(nhs, family, "sharing").replace(SharedRecord.odsCodeOf(nhs), ods);
		assertThat(fhir.post("", "application/fhir+json", record).status()).isEqualTo(200);
		return fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	private static OperationOutcome.OperationOutcomeIssueComponent issue(FhirHttp.Response response) {
		return response.as(OperationOutcome.class).getIssueFirstRep();
	}
}
