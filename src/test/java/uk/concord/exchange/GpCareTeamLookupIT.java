package uk.concord.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/** A GP system asks: who looks after this patient, and who coordinates? One plain FHIR search each. */
@EmbeddedServerTest
class GpCareTeamLookupIT {

	static final String CARE_TEAM_ROLE = "https://fhir.concord.org.uk/CodeSystem/care-team-role";

	FhirHttp fhir;

	@Test
	void gpFindsCareCoordinatorByNhsNumber() {
		Bundle result = fhir.get("CareTeam?subject:Patient.identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919"
						+ "&status=active&_include=CareTeam:participant&_include=CareTeam:subject")
				.as(Bundle.class);

		CareTeam team = resources(result, CareTeam.class).stream()
				.filter(t -> t.getIdElement().getIdPart().equals("dmd-care-team"))
				.findFirst()
				.orElseThrow();
		List<CareTeam.CareTeamParticipantComponent> coordinators = team.getParticipant().stream()
				.filter(p -> p.getRoleFirstRep().getCodingFirstRep().getCode().equals("care-coordinator"))
				.toList();
		assertThat(coordinators).as("exactly one coordinator").hasSize(1);
		CareTeam.CareTeamParticipantComponent coordinator = coordinators.get(0);
		Practitioner nurse = resources(result, Practitioner.class).stream()
				.filter(p -> p.getIdElement().getIdPart().equals(coordinator.getMember().getReferenceElement().getIdPart()))
				.findFirst()
				.orElseThrow();

		assertThat(coordinator.getRoleFirstRep().getCodingFirstRep().getSystem()).isEqualTo(CARE_TEAM_ROLE);
		assertThat(nurse.getNameFirstRep().getFamily()).isNotBlank();
		assertThat(coordinator.getOnBehalfOf().getIdentifier().getValue()).isEqualTo("RP4");
		assertThat(team.getTelecom()).isNotEmpty();
		assertThat(result.getEntry()).extracting(e -> e.getResource().fhirType()).contains("Patient", "Organization");
	}

	@Test
	void aPracticeLookingUpByNhsNumberFindsOnlyTheTeamsOfPatientsItCaresFor() {
		FhirHttp practice = fhir.as("gp-riverside"); // Y90001: Oliver's practice, not the SWAN patient's
		String nhs = "https://fhir.nhs.uk/Id/nhs-number|";
		assertThat(teamIds(practice, "CareTeam?subject:Patient.identifier=" + nhs + "9434765919")).contains("dmd-care-team");
		assertThat(teamIds(practice, "CareTeam?patient.identifier=" + nhs + "9434765919")).contains("dmd-care-team");

		assertThat(teamIds(practice, "CareTeam?subject:Patient.identifier=" + nhs + "9449305552")).isEmpty();
		assertThat(teamIds(practice, "CareTeam?subject:Patient.identifier=" + nhs + "9434765919," + nhs + "9449305552"))
				.contains("dmd-care-team").doesNotContain("swan-care-team");
		// the same lookups as a system client: the SWAN patient's team exists, so the empty answers above are narrowing
		assertThat(teamIds(fhir, "CareTeam?subject:Patient.identifier=" + nhs + "9449305552")).contains("swan-care-team");
	}

	private static List<String> teamIds(FhirHttp as, String search) {
		FhirHttp.Response response = as.get(search);
		assertThat(response.status()).as(search + ": " + response.body()).isEqualTo(200);
		return resources(response.as(Bundle.class), CareTeam.class).stream()
				.map(team -> team.getIdElement().getIdPart())
				.toList();
	}

	@Test
	void gpFindsTheTeamsACoordinatorLeadsWithTheCoordinatorSearchParameter() {
		Bundle result = fhir.get("CareTeam?coordinator=Practitioner/pract-nurse-specialist&status=active").as(Bundle.class);

		assertThat(resources(result, CareTeam.class)).extracting(t -> t.getIdElement().getIdPart()).contains("dmd-care-team");
	}

	@Test
	void practiceFindsEveryCareTeamItTakesPartInByItsOdsCode() {
		String practiceOds = "Y90001";
		Bundle result = fhir.get("CareTeam?participant-organization=https://fhir.nhs.uk/Id/ods-organization-code|" + practiceOds
						+ "&_include=CareTeam:subject")
				.as(Bundle.class);

		assertThat(resources(result, CareTeam.class)).extracting(t -> t.getIdElement().getIdPart()).contains("dmd-care-team");
		assertThat(resources(result, CareTeam.class)).allSatisfy(team -> assertThat(team.getParticipant())
				.anySatisfy(p -> assertThat(p.getOnBehalfOf().getIdentifier().getValue()).isEqualTo(practiceOds)));
	}

	static <T> List<T> resources(Bundle bundle, Class<T> type) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
	}
}
