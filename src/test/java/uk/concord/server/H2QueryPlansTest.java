package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2QueryPlansTest {

	/** As HAPI 8.8.0 generates it for Patient/{id}/$everything with _type (logged by its SearchQueryExecutor). */
	static final String PATIENT_EVERYTHING = "SELECT DISTINCT t0.SRC_RESOURCE_ID FROM HFJ_RES_LINK t0 "
			+ "INNER JOIN HFJ_RESOURCE t1 ON (t0.SRC_RESOURCE_ID = t1.RES_ID) WHERE (((t0.TARGET_RESOURCE_ID = ?) AND "
			+ "(t0.SOURCE_RESOURCE_TYPE IN (?,?,?) )) AND (t1.RES_DELETED_AT IS NULL) AND (NOT (t1.RES_TYPE IN (?,?) ))) "
			+ "GROUP BY t0.SRC_RESOURCE_ID ORDER BY t0.SRC_RESOURCE_ID fetch first ? rows only";

	/** As Hibernate renders HAPI 8.8.0's look-up of three resources by type and id (logged by org.hibernate.SQL). */
	static final String THREE_BY_TYPE_AND_ID = "select rt1_0.RES_ID,rt1_0.RES_TYPE,rt1_0.FHIR_ID,rt1_0.RES_DELETED_AT,"
			+ "rt1_0.PARTITION_ID from HFJ_RESOURCE rt1_0 where (rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=? or "
			+ "rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=? or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?)";

	/** As HAPI 8.8.0 generates it for a search by reference sorted by date (the summary's sections). */
	static final String SORTED_BY_REFERENCE = "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 INNER JOIN HFJ_RES_LINK t0 ON "
			+ "(t1.RES_ID = t0.SRC_RESOURCE_ID) LEFT OUTER JOIN HFJ_SPIDX_DATE t2 ON ((t1.RES_ID = t2.RES_ID) AND "
			+ "(t2.HASH_IDENTITY = ?)) WHERE ((t0.SRC_PATH = ?) AND (t0.TARGET_RESOURCE_ID = ?)) "
			+ "ORDER BY t2.SP_VALUE_LOW DESC NULLS LAST fetch first ? rows only";

	/** As HAPI 8.8.0 generates it for the GP lookup narrowed to one patient (CareTeam?subject=X&status=active&subject:Patient.identifier=N). */
	static final String BY_REFERENCE_AND_TOKEN = "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 INNER JOIN HFJ_RES_LINK t0 ON "
			+ "(t1.RES_ID = t0.SRC_RESOURCE_ID) INNER JOIN HFJ_SPIDX_TOKEN t2 ON (t1.RES_ID = t2.RES_ID) INNER JOIN "
			+ "HFJ_RES_LINK t3 ON (t1.RES_ID = t3.SRC_RESOURCE_ID) INNER JOIN HFJ_SPIDX_TOKEN t4 ON "
			+ "(t3.TARGET_RESOURCE_ID = t4.RES_ID) WHERE (((t0.SRC_PATH = ?) AND (t0.TARGET_RESOURCE_ID = ?)) AND "
			+ "(t2.HASH_VALUE = ?) AND ((t3.SRC_PATH = ?) AND (t4.HASH_SYS_AND_VALUE = ?))) fetch first ? rows only";

	private final H2QueryPlans plans = new H2QueryPlans();

	@Test
	void aPatientsEverythingQueryIsToldToStartFromTheLinksToThePatient() {
		String planned = plans.inspect(PATIENT_EVERYTHING);

		assertThat(planned)
				.startsWith("SELECT DISTINCT t0.SRC_RESOURCE_ID FROM HFJ_RES_LINK t0 USE INDEX (IDX_RL_TGT_V2) "
						+ "INNER JOIN HFJ_RESOURCE t1 ON (t0.SRC_RESOURCE_ID = t1.RES_ID) WHERE (((t0.TARGET_RESOURCE_ID = ?)")
				.endsWith(PATIENT_EVERYTHING.substring(PATIENT_EVERYTHING.indexOf(" INNER JOIN")));
		assertThat(plans.everythingPlanned()).isEqualTo(1);
	}

	@Test
	void severalPatientsEverythingIsPlannedTheSameWay() {
		String several = PATIENT_EVERYTHING.replace("t0.TARGET_RESOURCE_ID = ?", "t0.TARGET_RESOURCE_ID IN (?,?)");

		assertThat(plans.inspect(several)).contains("HFJ_RES_LINK t0 USE INDEX (IDX_RL_TGT_V2) INNER JOIN");
	}

	@Test
	void resourcesLookedUpByTypeAndIdPairsAreAskedForAsARowValueListWithTheParametersInTheSameOrder() {
		assertThat(plans.inspect(THREE_BY_TYPE_AND_ID)).isEqualTo("select rt1_0.RES_ID,rt1_0.RES_TYPE,rt1_0.FHIR_ID,"
				+ "rt1_0.RES_DELETED_AT,rt1_0.PARTITION_ID from HFJ_RESOURCE rt1_0 where "
				+ "((rt1_0.RES_TYPE,rt1_0.FHIR_ID) in ((?,?),(?,?),(?,?)))");
		assertThat(plans.inspect("select r.RES_ID from HFJ_RESOURCE r where (r.RES_TYPE=? and r.FHIR_ID=?) and r.X=?"))
				.isEqualTo("select r.RES_ID from HFJ_RESOURCE r where ((r.RES_TYPE,r.FHIR_ID) in ((?,?))) and r.X=?");
		assertThat(plans.pairsPlanned()).isEqualTo(2);
	}

	@Test
	void aSortedSearchByReferenceIsToldToStartFromTheLinksWithTheParametersInTheSameOrder() {
		assertThat(plans.inspect(SORTED_BY_REFERENCE)).isEqualTo(SORTED_BY_REFERENCE.replace(
				"FROM HFJ_RESOURCE t1 INNER JOIN HFJ_RES_LINK t0 ON", "FROM HFJ_RES_LINK t0 INNER JOIN HFJ_RESOURCE t1 ON"));
		assertThat(plans.sortedPlanned()).isEqualTo(1);
	}

	@Test
	void aSearchByReferenceReadsItsOwnTokenCriteriaByResourceAndLeavesTheChainedOnesAlone() {
		assertThat(plans.inspect(BY_REFERENCE_AND_TOKEN)).isEqualTo(BY_REFERENCE_AND_TOKEN.replace(
				"INNER JOIN HFJ_SPIDX_TOKEN t2 ON", "INNER JOIN HFJ_SPIDX_TOKEN t2 USE INDEX (IDX_SP_TOKEN_RESID_V2) ON"));
		assertThat(plans.tokensPlanned()).isEqualTo(1);
	}

	@Test
	void theCodeIsReadByResourceWhicheverCriterionHapiJoinedFirst() {
		// CareTeam?status=active&subject=X: the aliases follow the parameters' order
		String statusFirst = "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 INNER JOIN HFJ_SPIDX_TOKEN t0 ON (t1.RES_ID = t0.RES_ID) "
				+ "INNER JOIN HFJ_RES_LINK t2 ON (t1.RES_ID = t2.SRC_RESOURCE_ID) WHERE ((t0.HASH_VALUE = ?) AND "
				+ "((t2.SRC_PATH = ?) AND (t2.TARGET_RESOURCE_ID = ?))) fetch first ? rows only";

		assertThat(plans.inspect(statusFirst)).isEqualTo(statusFirst.replace(
				"HFJ_SPIDX_TOKEN t0 ON", "HFJ_SPIDX_TOKEN t0 USE INDEX (IDX_SP_TOKEN_RESID_V2) ON"));
	}

	@Test
	void codesWithTheirSystemAndListsOfCodesAreReadByResourceToo() {
		// CarePlan?subject=X&status=<system>|active,<system>|on-hold,... and Consent?patient=X&category=<system>|code
		String statusList = BY_REFERENCE_AND_TOKEN.replace("(t2.HASH_VALUE = ?)", "(t2.HASH_SYS_AND_VALUE IN (?,?,?) )");
		String category = BY_REFERENCE_AND_TOKEN.replace("(t2.HASH_VALUE = ?)", "(t2.HASH_SYS_AND_VALUE = ?)");

		assertThat(plans.inspect(statusList)).contains("HFJ_SPIDX_TOKEN t2 USE INDEX (IDX_SP_TOKEN_RESID_V2) ON");
		assertThat(plans.inspect(category)).contains("HFJ_SPIDX_TOKEN t2 USE INDEX (IDX_SP_TOKEN_RESID_V2) ON");
		assertThat(plans.tokensPlanned()).isEqualTo(2);
	}

	@Test
	void aSystemAloneOrAMissingCodeIsLeftForH2ToPlan() {
		String system = BY_REFERENCE_AND_TOKEN.replace("(t2.HASH_VALUE = ?)", "(t2.HASH_SYS = ?)");
		String missing = BY_REFERENCE_AND_TOKEN.replace("(t2.HASH_VALUE = ?)", "(t2.SP_MISSING = ?)");

		assertThat(plans.inspect(system)).isEqualTo(system);
		assertThat(plans.inspect(missing)).isEqualTo(missing);
		assertThat(plans.tokensPlanned()).isZero();
	}

	@Test
	void aSearchAmongSeveralReferencesKeepsItsTokenCriteriaAsHapiWroteThem() {
		// narrowed to every patient a practice cares for: starting from the links is not known to be better
		String amongSeveral = BY_REFERENCE_AND_TOKEN.replace("(t0.TARGET_RESOURCE_ID = ?)", "(t0.TARGET_RESOURCE_ID IN (?,?) )");

		assertThat(plans.inspect(amongSeveral)).isEqualTo(amongSeveral);
		assertThat(plans.tokensPlanned()).isZero();
	}

	@Test
	void everythingForAllPatientsAndEveryOtherQueryAreLeftAlone() {
		String allPatients = PATIENT_EVERYTHING.replace("t0.TARGET_RESOURCE_ID = ?", "t0.TARGET_RESOURCE_TYPE = ?");
		String search = "SELECT t0.RES_ID FROM HFJ_SPIDX_TOKEN t0 WHERE (t0.HASH_SYS_AND_VALUE = ?) fetch first ? rows only";
		String mixed = "select r.RES_ID from HFJ_RESOURCE r where (r.RES_TYPE=? and r.RES_VER=? or r.RES_TYPE=? and r.FHIR_ID=?)";

		assertThat(plans.inspect(allPatients)).isEqualTo(allPatients);
		assertThat(plans.inspect(search)).isEqualTo(search);
		String unsorted = "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 INNER JOIN HFJ_RES_LINK t0 ON (t1.RES_ID = t0.SRC_RESOURCE_ID)"
				+ " WHERE ((t0.SRC_PATH = ?) AND (t0.TARGET_RESOURCE_ID = ?)) fetch first ? rows only";
		String sortedByType = SORTED_BY_REFERENCE.replace("(t0.TARGET_RESOURCE_ID = ?)", "(t0.TARGET_RESOURCE_TYPE = ?)");

		assertThat(plans.inspect(mixed)).isEqualTo(mixed);
		assertThat(plans.inspect(unsorted)).isEqualTo(unsorted);
		assertThat(plans.inspect(sortedByType)).isEqualTo(sortedByType);
		assertThat(plans.everythingPlanned()).isZero();
		assertThat(plans.pairsPlanned()).isZero();
		assertThat(plans.sortedPlanned()).isZero();
		assertThat(plans.tokensPlanned()).isZero();
	}
}
