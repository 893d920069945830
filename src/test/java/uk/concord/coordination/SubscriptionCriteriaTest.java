package uk.concord.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.junit.jupiter.api.Test;
import uk.concord.record.Vocabulary;

class SubscriptionCriteriaTest {

	@Test
	void eachWatchedTypeMayBeSubscribedToForOnePatient() {
		for (String type : SubscriptionCriteria.TYPES) {
			assertThat(SubscriptionCriteria.parse(type + "?patient=Patient/dmd-child"))
					.isEqualTo(new SubscriptionCriteria(type, "Patient/dmd-child", null));
		}
	}

	@Test
	void careTeamsMayBeSubscribedToByTheOdsCodeOfAParticipatingOrganisation() {
		assertThat(SubscriptionCriteria.parse("CareTeam?participant-organization=" + Vocabulary.ODS_CODE + "|RP4"))
				.isEqualTo(new SubscriptionCriteria("CareTeam", null, "RP4"));
	}

	@Test
	void otherTypesParametersAndCombinationsAreRefusedNamingTheAcceptedForms() {
		for (String criteria : new String[] {
			"Observation?patient=Patient/x", "Condition?subject=Patient/x", "Condition?patient=x",
			"Condition?patient=Patient/x&code=1", "Condition?", "Condition", "", "CarePlan?patient:missing=true",
			"CarePlan?participant-organization=" + Vocabulary.ODS_CODE + "|RP4",
			"CareTeam?participant-organization=RP4", "CareTeam?patient.name=Smith"}) {
			assertThatThrownBy(() -> SubscriptionCriteria.parse(criteria)).as(criteria)
					.isInstanceOf(UnprocessableEntityException.class)
					.hasMessageContaining("Accepted criteria");
		}
		assertThatThrownBy(() -> SubscriptionCriteria.parse(null)).isInstanceOf(UnprocessableEntityException.class);
	}
}
