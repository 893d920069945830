package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/**
 * The server's own profiles, terminology and search parameters are what it holds every record to: a token that may
 * write everything (the EHR system's {@code system/*.cruds}) still cannot change, delete or shadow them, by any route,
 * and every refusal leaves them and the rules they carry as they were.
 */
@EmbeddedServerTest
class ConcordDefinitionsProtectedIT {

	static final String PATIENT_PROFILE = "https://fhir.concord.org.uk/StructureDefinition/RareDiseasePatient";
	static final String COORDINATOR_PARAMETER = "https://fhir.concord.org.uk/SearchParameter/CareTeam-coordinator";

	FhirHttp fhir;

	@Test
	void concordsPatientProfileCannotBeLoosenedByAnUpdate() {
		StructureDefinition profile = stored(StructureDefinition.class, PATIENT_PROFILE);
		for (ElementDefinition element : profile.getSnapshot().getElement()) {
			if ("Patient.birthDate".equals(element.getPath())) {
				element.setMin(0);
			}
		}

		FhirHttp.Response response = put(profile);

		assertForbidden(response);
		assertUnchanged(profile);
		assertThat(fhir.post("Patient", "application/fhir+json", json(patientWithoutBirthDate())).status())
				.as("a patient without a birth date is still refused").isEqualTo(422);
	}

	@Test
	void concordsPatientProfileCannotBeDeletedDirectlyOrByItsUrl() {
		StructureDefinition profile = stored(StructureDefinition.class, PATIENT_PROFILE);

		assertForbidden(fhir.send(HttpRequest.newBuilder(fhir.uri("StructureDefinition/" + idOf(profile))).DELETE()));
		assertForbidden(fhir.send(HttpRequest.newBuilder(fhir.uri("StructureDefinition?url=" + PATIENT_PROFILE)).DELETE()));

		assertUnchanged(profile);
	}

	@Test
	void concordsSearchParameterCannotBePatched() {
		SearchParameter parameter = stored(SearchParameter.class, COORDINATOR_PARAMETER);

		FhirHttp.Response response = fhir.send(HttpRequest.newBuilder(fhir.uri("SearchParameter/" + idOf(parameter)))
				.header("Content-Type", "application/json-patch+json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString(
						"[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"retired\"}]")));

		assertForbidden(response);
		assertUnchanged(parameter);
	}

	@Test
	void aSecondProfileUnderConcordsUrlIsRefusedWhateverItsVersion() {
		StructureDefinition copy = stored(StructureDefinition.class, PATIENT_PROFILE).copy();
		copy.setId((String) null);
		copy.setVersion("99.0.0");

		assertForbidden(fhir.post("StructureDefinition", "application/fhir+json", json(copy)));

		assertThat(fhir.total("StructureDefinition?url=" + PATIENT_PROFILE)).isEqualTo(1);
	}

	@Test
	void anotherProfileCanBeStoredButCannotTakeConcordsUrl() {
		StructureDefinition other = new StructureDefinition()
				.setUrl("https://example.org/StructureDefinition/AnotherPatient")
				.setName("AnotherPatient")
				.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE)
				.setKind(StructureDefinition.StructureDefinitionKind.RESOURCE)
				.setAbstract(false)
				.setType("Patient")
				.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Patient")
				.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
		other.getDifferential().addElement().setPath("Patient.gender").setMin(1).setId("Patient.gender");

		FhirHttp.Response created = fhir.post("StructureDefinition", "application/fhir+json", json(other));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		StructureDefinition stored = created.as(StructureDefinition.class);
		stored.setUrl(PATIENT_PROFILE);

		assertForbidden(put(stored));

		assertThat(fhir.total("StructureDefinition?url=" + PATIENT_PROFILE)).isEqualTo(1);
		assertThat(fhir.send(HttpRequest.newBuilder(fhir.uri("StructureDefinition/" + idOf(stored))).DELETE()).status())
				.as("a profile that is not Concord's can be deleted").isEqualTo(200);
	}

	@Test
	void aTransactionThatRetiresConcordsSearchParameterIsRefusedAsAWhole() {
		SearchParameter parameter = stored(SearchParameter.class, COORDINATOR_PARAMETER);
		SearchParameter retired = parameter.copy().setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.RETIRED);
		Patient patient = patientWithoutBirthDate().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2001-02-03"));
		String nhsNumber = patient.getIdentifierFirstRep().getValue();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(patient).setFullUrl("urn:uuid:8d6f0c1e-0c1d-4a8e-9d1e-1a2b3c4d5e6f")
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		transaction.addEntry().setResource(retired)
				.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("SearchParameter/" + idOf(parameter));

		assertForbidden(fhir.post("", "application/fhir+json", json(transaction)));

		assertUnchanged(parameter);
		assertThat(fhir.total("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber))
				.as("the transaction's patient is not stored either").isZero();
	}

	@Test
	void theNhsNumbersUniquenessCannotBeDeletedAndStillHolds() {
		SearchParameter unique = stored(SearchParameter.class,
				"https://fhir.concord.org.uk/SearchParameter/Patient-nhs-number-unique");

		assertForbidden(fhir.send(HttpRequest.newBuilder(fhir.uri("SearchParameter/" + idOf(unique))).DELETE()));

		assertUnchanged(unique);
		Patient first = patientWithoutBirthDate().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2001-02-03"));
		assertThat(fhir.post("Patient", "application/fhir+json", json(first)).status()).isEqualTo(201);
		FhirHttp.Response second = fhir.post("Patient", "application/fhir+json", json(first));
		assertThat(second.status()).as("a second patient with the same NHS Number: " + second.body()).isEqualTo(409);
	}

	@Test
	void aSearchParameterCanBeAddedButABuiltInOneCannotBeRedefined() {
		SearchParameter redefined = new SearchParameter()
				.setUrl("https://example.org/SearchParameter/CareTeam-participant")
				.setName("participant").setCode("participant").addBase("CareTeam")
				.setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.REFERENCE)
				.setExpression("CareTeam.subject")
				.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE)
				.setDescription("who is in the team, redefined");

		FhirHttp.Response refused = fhir.post("SearchParameter", "application/fhir+json", json(redefined));

		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		OperationOutcome outcome = refused.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
		assertThat(outcome.getIssueFirstRep().getDiagnostics())
				.contains("CareTeam?participant would redefine a search parameter FHIR defines");
		assertThat(fhir.total("SearchParameter?url=https://example.org/SearchParameter/CareTeam-participant")).isZero();

		SearchParameter added = redefined.copy().setUrl("https://example.org/SearchParameter/CareTeam-member")
				.setName("member").setCode("member");
		FhirHttp.Response created = fhir.post("SearchParameter", "application/fhir+json", json(added));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(fhir.send(HttpRequest.newBuilder(fhir.uri("SearchParameter/" + idOf(created.as(SearchParameter.class))))
				.DELETE()).status()).isEqualTo(200);
	}

	@Test
	void concordsOwnSearchParametersAreInUse() {
		// a server whose stored search parameters are ignored answers 400 "Unknown search parameter"
		for (String search : java.util.List.of(
				"CareTeam?coordinator=Practitioner/pract-nurse-specialist",
				"CareTeam?participant-organization=https://fhir.nhs.uk/Id/ods-organization-code|RP4",
				"CarePlan?next-review=le2100-01-01",
				"Patient?nhs-number=" + NhsNumbers.SYSTEM + "|9434765919")) {
			FhirHttp.Response response = fhir.get(search);
			assertThat(response.status()).as(search + ": " + response.body()).isEqualTo(200);
			assertThat(response.as(Bundle.class).getEntry()).as(search).isNotEmpty();
		}
	}

	private <T extends Resource> T stored(Class<T> type, String url) {
		Bundle found = fhir.get(type.getSimpleName() + "?url=" + url).as(Bundle.class);
		assertThat(found.getEntry()).as("%s %s is installed", type.getSimpleName(), url).hasSize(1);
		return type.cast(found.getEntryFirstRep().getResource());
	}

	private void assertUnchanged(Resource before) {
		FhirHttp.Response now = fhir.get(before.fhirType() + "/" + idOf(before));
		assertThat(now.status()).as(now.body()).isEqualTo(200);
		assertThat(now.as(before.getClass()).getMeta().getVersionId()).isEqualTo(before.getMeta().getVersionId());
	}

	private static void assertForbidden(FhirHttp.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(403);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
		assertThat(outcome.getIssueFirstRep().getDiagnostics())
				.contains("https://fhir.concord.org.uk/")
				.contains("cannot be created, changed or deleted through the API");
	}

	private FhirHttp.Response put(Resource resource) {
		return fhir.send(HttpRequest.newBuilder(fhir.uri(resource.fhirType() + "/" + idOf(resource)))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(json(resource))));
	}

	private static Patient patientWithoutBirthDate() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(NhsNumbers.SYSTEM).setValue(NhsNumbers.random());
		patient.addName().setFamily("Protected").addGiven("Rules");
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
		return patient;
	}

	private static String idOf(Resource resource) {
		return resource.getIdElement().getIdPart();
	}

	private static String json(Resource resource) {
		return FhirHttp.R4.newJsonParser().encodeResourceToString(resource);
	}
}
