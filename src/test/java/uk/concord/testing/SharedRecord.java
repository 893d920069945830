package uk.concord.testing;

import java.nio.file.Path;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * A small shared care record that conforms to Concord's profiles, as a transaction: a GP practice, a coordinator,
 * the patient, the rare condition, two care teams, a care plan and a clinic letter, linked by urn:uuid references.
 * Every entry is created only if nothing with its business identifier exists yet (NHS Number, ODS code, SDS user
 * id, Concord record ids), so the same bundle can be sent again and changes nothing.
 */
public final class SharedRecord {

	public static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
	public static final String SDS_USER = "https://fhir.nhs.uk/Id/sds-user-id";
	public static final String RECORD_IDS = "https://example.org/test/record-id";

	private SharedRecord() {}

	/** The record for one patient; {@code word} appears in the care plan's and the letter's text. */
	public static Bundle forPatient(String nhsNumber, String family, String word) {
		return (Bundle) FhirHttp.R4.newJsonParser().parseResource(json(nhsNumber, family, word));
	}

	/**
	 * The guide's example consent ({@code Consent/swan-consent}) made the patient's: it denies sharing their record with
	 * University Hospitals Birmingham (named by ODS code RRK, the {@code ed-clinician}'s organisation), in force from {@code from}
	 * (the example's own start when null).
	 */
	public static String consentDenyingRrk(String patient, Date from) {
		Consent consent = FhirHttp.R4.newJsonParser().parseResource(Consent.class,
				GuideFiles.read(Path.of("ig/examples/Consent-swan-consent.json")));
		consent.setId((String) null);
		consent.getPatient().setReference("Patient/" + patient);
		consent.getPerformerFirstRep().setReference("Patient/" + patient);
		// the example's Organizations are not on every server (a cluster's fresh database): RRK by its ODS code alone
		consent.setOrganization(null);
		consent.getProvision().getProvision().forEach(rule -> rule.getActor()
				.forEach(actor -> actor.getReference().setReference(null)));
		if (from != null) {
			// a new element: the example's start has day precision, which setStart would keep
			consent.getProvision().getPeriod().setStartElement(new DateTimeType(from));
		}
		return FhirHttp.R4.newJsonParser().encodeResourceToString(consent);
	}

	public static String odsCodeOf(String nhsNumber) {
		return "T" + nhsNumber.substring(5);
	}

	public static String json(String nhsNumber, String family, String word) {
		String ods = odsCodeOf(nhsNumber);
		String sds = "10" + nhsNumber;
		return TEMPLATE.replace("${nhs}", nhsNumber)
				.replace("${family}", family)
				.replace("${word}", word)
				.replace("${ods}", ods)
				.replace("${sds}", sds);
	}

	private static final String TEMPLATE = """
			{"resourceType":"Bundle","type":"transaction","entry":[
			{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000001",
			 "resource":{"resourceType":"Organization","identifier":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"${ods}"}],"name":"Riverside Surgery ${ods}"},
			 "request":{"method":"POST","url":"Organization","ifNoneExist":"identifier=https://fhir.nhs.uk/Id/ods-organization-code|${ods}"}},
			{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000002",
			 "resource":{"resourceType":"Practitioner","identifier":[{"system":"https://fhir.nhs.uk/Id/sds-user-id","value":"${sds}"}],"name":[{"family":"Coordinator","given":["Jo"]}]},
			 "request":{"method":"POST","url":"Practitioner","ifNoneExist":"identifier=https://fhir.nhs.uk/Id/sds-user-id|${sds}"}},
			{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000003",
			 "resource":{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"${nhs}"}],
			  "name":[{"family":"${family}","given":["Sam"]}],"gender":"unknown","birthDate":"2012-03-04",
			  "generalPractitioner":[{"reference":"urn:uuid:00000000-0000-4000-8000-000000000001"}]},
			 "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=https://fhir.nhs.uk/Id/nhs-number|${nhs}"}},
			{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000004",
			 "resource":{"resourceType":"Condition","identifier":[{"system":"https://example.org/test/record-id","value":"${nhs}-condition"}],
			  "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
			  "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
			  "code":{"coding":[{"system":"https://www.orpha.net","code":"98896","display":"Duchenne muscular dystrophy"}]},
			  "subject":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000003"}},
			 "request":{"method":"POST","url":"Condition","ifNoneExist":"identifier=https://example.org/test/record-id|${nhs}-condition"}},
			{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000005",
			 "resource":{"resourceType":"CareTeam","identifier":[{"system":"https://example.org/test/record-id","value":"${nhs}-neuromuscular"}],
			  "status":"active","name":"Neuromuscular team","subject":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000003"},
			  "participant":[{"role":[{"coding":[{"system":"https://fhir.concord.org.uk/CodeSystem/care-team-role","code":"care-coordinator"}]}],
			   "member":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000002"},
			   "onBehalfOf":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000001","identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"${ods}"}}}],
			  "telecom":[{"system":"phone","value":"0113 496 0000"}]},
			 "request":{"method":"POST","url":"CareTeam","ifNoneExist":"identifier=https://example.org/test/record-id|${nhs}-neuromuscular"}},
			{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000006",
			 "resource":{"resourceType":"CareTeam","identifier":[{"system":"https://example.org/test/record-id","value":"${nhs}-community"}],
			  "status":"active","name":"Community team","subject":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000003"},
			  "participant":[{"role":[{"coding":[{"system":"https://fhir.concord.org.uk/CodeSystem/care-team-role","code":"care-coordinator"}]}],
			   "member":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000002"}}]},
			 "request":{"method":"POST","url":"CareTeam","ifNoneExist":"identifier=https://example.org/test/record-id|${nhs}-community"}},
			{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000007",
			 "resource":{"resourceType":"CarePlan","identifier":[{"system":"https://example.org/test/record-id","value":"${nhs}-plan"}],
			  "extension":[{"url":"https://fhir.concord.org.uk/StructureDefinition/next-review-date","valueDate":"2027-01-15"}],
			  "status":"active","intent":"plan",
			  "category":[{"coding":[{"system":"https://fhir.concord.org.uk/CodeSystem/care-plan-type","code":"coordinated-care-plan"}]}],
			  "description":"Overnight ventilation; review ${word} settings with the respiratory team",
			  "subject":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000003"},"period":{"start":"2026-01-15"},
			  "author":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000002"},
			  "careTeam":[{"reference":"urn:uuid:00000000-0000-4000-8000-000000000005"}],
			  "addresses":[{"reference":"urn:uuid:00000000-0000-4000-8000-000000000004"}]},
			 "request":{"method":"POST","url":"CarePlan","ifNoneExist":"identifier=https://example.org/test/record-id|${nhs}-plan"}},
			{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000008",
			 "resource":{"resourceType":"DocumentReference","identifier":[{"system":"https://example.org/test/record-id","value":"${nhs}-letter"}],
			  "status":"current","type":{"coding":[{"system":"http://loinc.org","code":"11488-4","display":"Consult note"}]},
			  "subject":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000003"},"date":"2026-02-01T10:00:00Z",
			  "author":[{"reference":"urn:uuid:00000000-0000-4000-8000-000000000001"}],
			  "description":"Clinic letter mentioning ${word}",
			  "content":[{"attachment":{"contentType":"text/plain","data":"Q2xpbmljIGxldHRlcg=="}}],
			  "context":{"related":[{"reference":"urn:uuid:00000000-0000-4000-8000-000000000007"}]}},
			 "request":{"method":"POST","url":"DocumentReference","ifNoneExist":"identifier=https://example.org/test/record-id|${nhs}-letter"}}
			]}""";
}
