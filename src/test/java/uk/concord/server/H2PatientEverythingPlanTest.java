package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2PatientEverythingPlanTest {

	/** As HAPI 8.8.0 generates it for Patient/{id}/$everything with _type (logged by its SearchQueryExecutor). */
	private static final String PATIENT_EVERYTHING = "SELECT DISTINCT t0.SRC_RESOURCE_ID FROM HFJ_RES_LINK t0 "
			+ "INNER JOIN HFJ_RESOURCE t1 ON (t0.SRC_RESOURCE_ID = t1.RES_ID) WHERE (((t0.TARGET_RESOURCE_ID = ?) AND "
			+ "(t0.SOURCE_RESOURCE_TYPE IN (?,?,?) )) AND (t1.RES_DELETED_AT IS NULL) AND (NOT (t1.RES_TYPE IN (?,?) ))) "
			+ "GROUP BY t0.SRC_RESOURCE_ID ORDER BY t0.SRC_RESOURCE_ID fetch first ? rows only";

	private final H2PatientEverythingPlan plan = new H2PatientEverythingPlan();

	@Test
	void aPatientsEverythingQueryIsToldToStartFromTheLinksToThePatient() {
		String planned = plan.inspect(PATIENT_EVERYTHING);

		assertThat(planned)
				.startsWith("SELECT DISTINCT t0.SRC_RESOURCE_ID FROM HFJ_RES_LINK t0 USE INDEX (IDX_RL_TGT_V2) "
						+ "INNER JOIN HFJ_RESOURCE t1 ON (t0.SRC_RESOURCE_ID = t1.RES_ID) WHERE (((t0.TARGET_RESOURCE_ID = ?)")
				.endsWith(PATIENT_EVERYTHING.substring(PATIENT_EVERYTHING.indexOf(" INNER JOIN")));
		assertThat(plan.planned()).isEqualTo(1);
	}

	@Test
	void severalPatientsEverythingIsPlannedTheSameWay() {
		String several = PATIENT_EVERYTHING.replace("t0.TARGET_RESOURCE_ID = ?", "t0.TARGET_RESOURCE_ID IN (?,?)");

		assertThat(plan.inspect(several)).contains("HFJ_RES_LINK t0 USE INDEX (IDX_RL_TGT_V2) INNER JOIN");
	}

	@Test
	void everythingForAllPatientsAndEveryOtherQueryAreLeftAlone() {
		String allPatients = PATIENT_EVERYTHING.replace("t0.TARGET_RESOURCE_ID = ?", "t0.TARGET_RESOURCE_TYPE = ?");
		String search = "SELECT t0.RES_ID FROM HFJ_SPIDX_TOKEN t0 WHERE (t0.HASH_SYS_AND_VALUE = ?) fetch first ? rows only";

		assertThat(plan.inspect(allPatients)).isEqualTo(allPatients);
		assertThat(plan.inspect(search)).isEqualTo(search);
		assertThat(plan.planned()).isZero();
	}
}
