package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.net.http.HttpRequest;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
	static final String UK_CORE_PATIENT = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";
	static final String COORDINATOR_PARAMETER = "https://fhir.concord.org.uk/SearchParameter/CareTeam-coordinator";

	FhirHttp fhir;

	@Autowired
	DaoRegistry daos;

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

		assertForbidden(fhir.delete("StructureDefinition/" + idOf(profile)));
		assertForbidden(fhir.delete("StructureDefinition?url=" + PATIENT_PROFILE));

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
	void noClientCanStoreAProfileThatTightensTheRulesForRecordsFromNhsSystems() {
		// a UK Core Patient profile that no record with a gender conforms to
		StructureDefinition forged = patientProfile(UK_CORE_PATIENT, "UKCorePatient");
		forged.getDifferential().addElement().setPath("Patient.gender").setMax("0").setId("Patient.gender");

		assertRefusedAsAValidationRule(fhir.post("StructureDefinition", "application/fhir+json", json(forged)));

		assertThat(fhir.total("StructureDefinition?url=" + UK_CORE_PATIENT)).isZero();
		Patient fromAnNhsSystem = patientWithoutBirthDate().setBirthDateElement(new DateType("2001-02-03"));
		fromAnNhsSystem.getMeta().addProfile(UK_CORE_PATIENT);
		FhirHttp.Response accepted = fhir.post("Patient", "application/fhir+json", json(fromAnNhsSystem));
		assertThat(accepted.status()).as("a UK Core patient with a gender: " + accepted.body()).isEqualTo(201);
	}

	@Test
	void noClientCanStoreACodeSystemOrValueSetUnderAnyUrl() {
		CodeSystem orphanet = new CodeSystem().setUrl("https://www.orpha.net").setName("Orphanet")
				.setStatus(Enumerations.PublicationStatus.ACTIVE)
				.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		orphanet.addConcept().setCode("1").setDisplay("the only ORPHAcode");
		ValueSet conditions = new ValueSet().setUrl("https://example.org/ValueSet/conditions").setName("Conditions")
				.setStatus(Enumerations.PublicationStatus.ACTIVE);
		conditions.getCompose().addInclude().setSystem("https://www.orpha.net");

		assertRefusedAsAValidationRule(fhir.post("CodeSystem", "application/fhir+json", json(orphanet)));
		assertRefusedAsAValidationRule(fhir.post("ValueSet", "application/fhir+json", json(conditions)));

		assertThat(fhir.total("CodeSystem?url=https://www.orpha.net")).isZero();
		assertThat(fhir.total("ValueSet?url=https://example.org/ValueSet/conditions")).isZero();
	}

	@Test
	void aProfileAClientStoredBeforeTheRuleCanBeDeletedButNotChanged() {
		// stored the way a client could before this rule (the storage layer, as the API did)
		StructureDefinition earlier =
				patientProfile("https://example.org/StructureDefinition/AnotherPatient", "AnotherPatient");
		String id = daos.getResourceDao(StructureDefinition.class)
				.create(earlier, new SystemRequestDetails()).getId().getIdPart();
		StructureDefinition stored = fhir.get("StructureDefinition/" + id).as(StructureDefinition.class);

		assertRefusedAsAValidationRule(put(stored.setDescription("changed through the API")));
		assertForbidden(put(stored.setUrl(PATIENT_PROFILE)));

		assertThat(fhir.total("StructureDefinition?url=" + PATIENT_PROFILE)).isEqualTo(1);
		assertThat(fhir.delete("StructureDefinition/" + id).status())
				.as("a profile that is not Concord's can be deleted").isEqualTo(200);
	}

	@Test
	void theCapabilityStatementOffersNoWritesOfProfilesValueSetsOrCodeSystems() {
		CapabilityStatement statement = fhir.get("metadata").as(CapabilityStatement.class);

		for (CapabilityStatement.CapabilityStatementRestResourceComponent resource :
				statement.getRestFirstRep().getResource()) {
			List<String> interactions = resource.getInteraction().stream().map(i -> i.getCode().toCode()).toList();
			if (List.of("StructureDefinition", "ValueSet", "CodeSystem").contains(resource.getType())) {
				assertThat(interactions).as(resource.getType()).contains("read", "search-type", "delete")
						.doesNotContain("create", "update", "patch");
				assertThat(resource.getConditionalCreate()).as(resource.getType()).isFalse();
			} else if (resource.getType().equals("Patient")) {
				assertThat(interactions).contains("create", "update", "patch");
			}
		}
	}

	@Test
	void aTransactionThatRetiresConcordsSearchParameterIsRefusedAsAWhole() {
		SearchParameter parameter = stored(SearchParameter.class, COORDINATOR_PARAMETER);
		SearchParameter retired = parameter.copy().setStatus(Enumerations.PublicationStatus.RETIRED);
		Patient patient = patientWithoutBirthDate().setBirthDateElement(new DateType("2001-02-03"));
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

		assertForbidden(fhir.delete("SearchParameter/" + idOf(unique)));

		assertUnchanged(unique);
		Patient first = patientWithoutBirthDate().setBirthDateElement(new DateType("2001-02-03"));
		assertThat(fhir.post("Patient", "application/fhir+json", json(first)).status()).isEqualTo(201);
		FhirHttp.Response second = fhir.post("Patient", "application/fhir+json", json(first));
		assertThat(second.status()).as("a second patient with the same NHS Number: " + second.body()).isEqualTo(409);
	}

	@Test
	void aSearchParameterCanBeAddedButABuiltInOneCannotBeRedefined() {
		SearchParameter redefined = new SearchParameter()
				.setUrl("https://example.org/SearchParameter/CareTeam-participant")
				.setName("participant").setCode("participant").addBase("CareTeam")
				.setType(Enumerations.SearchParamType.REFERENCE)
				.setExpression("CareTeam.subject")
				.setStatus(Enumerations.PublicationStatus.ACTIVE)
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
		assertThat(fhir.delete("SearchParameter/" + idOf(created.as(SearchParameter.class))).status()).isEqualTo(200);
	}

	@Test
	void concordsOwnSearchParametersAreInUse() {
		// a server whose stored search parameters are ignored answers 400 "Unknown search parameter"
		for (String search : List.of(
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

	private static void assertRefusedAsAValidationRule(FhirHttp.Response response) {
		assertForbiddenSaying(response, "cannot be created or changed through the API", "come with its release");
	}

	private static void assertForbidden(FhirHttp.Response response) {
		assertForbiddenSaying(response, "https://fhir.concord.org.uk/", "cannot be created, changed or deleted through the API");
	}

	private static void assertForbiddenSaying(FhirHttp.Response response, String... phrases) {
		assertThat(response.status()).as(response.body()).isEqualTo(403);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(phrases);
	}

	private FhirHttp.Response put(Resource resource) {
		return fhir.send(HttpRequest.newBuilder(fhir.uri(resource.fhirType() + "/" + idOf(resource)))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(json(resource))));
	}

	private static StructureDefinition patientProfile(String url, String name) {
		return new StructureDefinition()
				.setUrl(url)
				.setName(name)
				.setStatus(Enumerations.PublicationStatus.ACTIVE)
				.setKind(StructureDefinition.StructureDefinitionKind.RESOURCE)
				.setAbstract(false)
				.setType("Patient")
				.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Patient")
				.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
	}

	private static Patient patientWithoutBirthDate() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(NhsNumbers.SYSTEM).setValue(NhsNumbers.random());
		patient.addName().setFamily("Protected").addGiven("Rules");
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);
		return patient;
	}

	private static String idOf(Resource resource) {
		return resource.getIdElement().getIdPart();
	}

	private static String json(Resource resource) {
		return FhirHttp.R4.newJsonParser().encodeResourceToString(resource);
	}
}
