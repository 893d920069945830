package uk.concord.coordination;

import java.util.Set;
import uk.concord.record.Vocabulary;

/** The code systems and codes the coordination features write and read, each written once. */
public final class CoordinationVocabulary {

	/** Kinds of coordination gap: the {@code MeasureReport.group.code} of {@code $coordination-gaps}. */
	public static final String GAP_SYSTEM = "https://fhir.concord.org.uk/CodeSystem/coordination-gap";
	/** Kinds of coordination task; {@code review-care-plan} is the review reminder. */
	public static final String TASK_SYSTEM = "https://fhir.concord.org.uk/CodeSystem/coordination-task";
	public static final String REVIEW_TASK_CODE = "review-care-plan";
	/** Identifies a review Task by plan and review date, so the reminder job makes one per review. */
	public static final String REVIEW_TASK_IDENTIFIER = "https://fhir.concord.org.uk/Id/care-plan-review";
	/** The canonical URL the gaps report names as its measure. */
	public static final String GAPS_MEASURE = "https://fhir.concord.org.uk/Measure/coordination-gaps";
	public static final String STRATIFIER_SYSTEM = "https://fhir.concord.org.uk/CodeSystem/coordination-gap-stratifier";

	static final String MEASURE_POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

	/** ORPHA 616874, "rare disorder without a determined diagnosis after full investigation". */
	static final String UNDIAGNOSED = "616874";

	static final String CARE_PLAN_TYPE = Vocabulary.CARE_PLAN_TYPE;
	static final String COORDINATED_CARE_PLAN = "coordinated-care-plan";
	static final String EMERGENCY_CARE_PLAN = "emergency-care-plan";
	static final String TRANSITION_PLAN = "transition-plan";
	static final String NEXT_REVIEW_DATE = "https://fhir.concord.org.uk/StructureDefinition/next-review-date";

	static final String CARE_TEAM_ROLE = Vocabulary.CARE_TEAM_ROLE;
	static final String CARE_COORDINATOR = "care-coordinator";

	static final String SNOMED = "http://snomed.info/sct";
	static final String LOINC = "http://loinc.org";
	/**
	 * A genomic test, requested ({@code ServiceRequest.code}) or reported ({@code DiagnosticReport.code},
	 * {@code DocumentReference.type}): SNOMED CT 405825005 molecular genetic test, 116148004 molecular genetic
	 * procedure; LOINC 51969-4 genetic analysis report.
	 */
	static final Set<String> GENOMIC_TESTS = Set.of(SNOMED + "|405825005", SNOMED + "|116148004", LOINC + "|51969-4");

	private CoordinationVocabulary() {}
}
