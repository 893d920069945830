package uk.concord.coordination;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import uk.concord.record.Vocabulary;

/**
 * One patient's coordination-relevant record, gathered once for the gaps report.
 *
 * @param genomicTests days on which a genomic test was requested or reported
 * @param documents    the record's documents
 */
record PatientCare(
		Patient patient,
		List<Condition> conditions,
		List<CareTeam> teams,
		List<CarePlan> plans,
		List<Task> reviewTasks,
		List<Appointment> appointments,
		List<LocalDate> genomicTests,
		List<DocumentReference> documents,
		List<Consent> consents) {

	static PatientCare of(Patient patient) {
		return new PatientCare(patient, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
	}

	String reference() {
		return "Patient/" + patient.getIdElement().getIdPart();
	}

	/** Has a rare-disease condition: coded with an ORPHAcode, not refuted or entered in error, not resolved. */
	boolean hasRareCondition() {
		return conditions.stream().anyMatch(c -> orphaCode(c.getCode()).isPresent() && stands(c));
	}

	boolean isUndiagnosed() {
		return conditions.stream().anyMatch(c -> stands(c)
				&& orphaCode(c.getCode()).filter(CoordinationVocabulary.UNDIAGNOSED::equals).isPresent());
	}

	List<CareTeam> activeTeams() {
		return teams.stream().filter(t -> t.getStatus() == CareTeam.CareTeamStatus.ACTIVE).toList();
	}

	List<CarePlan> activePlans(String type) {
		return plans.stream()
				.filter(p -> p.getStatus() == CarePlan.CarePlanStatus.ACTIVE && isOfType(p, type))
				.toList();
	}

	boolean hasPlanOfType(String type) {
		return plans.stream().anyMatch(p -> p.getStatus() != CarePlan.CarePlanStatus.ENTEREDINERROR
				&& p.getStatus() != CarePlan.CarePlanStatus.REVOKED && isOfType(p, type));
	}

	/** ODS codes of the organisations taking part in the patient's active care teams. */
	Set<String> organisations() {
		Set<String> codes = new TreeSet<>();
		activeTeams().forEach(team -> team.getParticipant().stream()
				.filter(p -> p.getOnBehalfOf().getIdentifier().hasValue())
				.forEach(p -> codes.add(p.getOnBehalfOf().getIdentifier().getValue())));
		return codes;
	}

	static boolean isOfType(CarePlan plan, String type) {
		return plan.getCategory().stream().flatMap(c -> c.getCoding().stream())
				.anyMatch(c -> CoordinationVocabulary.CARE_PLAN_TYPE.equals(c.getSystem()) && type.equals(c.getCode()));
	}

	static Optional<LocalDate> nextReview(CarePlan plan) {
		return Optional.ofNullable(plan.getExtensionByUrl(CoordinationVocabulary.NEXT_REVIEW_DATE))
				.map(e -> e.getValue())
				.filter(DateType.class::isInstance)
				.map(v -> CareDates.first((DateType) v));
	}

	private static boolean stands(Condition condition) {
		String verification = condition.getVerificationStatus().getCodingFirstRep().getCode();
		String clinical = condition.getClinicalStatus().getCodingFirstRep().getCode();
		return !"entered-in-error".equals(verification) && !"refuted".equals(verification)
				&& !"resolved".equals(clinical) && !"inactive".equals(clinical) && !"remission".equals(clinical);
	}

	private static Optional<String> orphaCode(CodeableConcept code) {
		return code.getCoding().stream()
				.filter(c -> Vocabulary.ORPHANET_SYSTEMS.contains(c.getSystem()) && c.hasCode())
				.map(c -> c.getCode().replaceFirst("^ORPHA:", ""))
				.findFirst();
	}
}
