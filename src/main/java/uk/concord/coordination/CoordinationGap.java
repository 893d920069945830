package uk.concord.coordination;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import uk.concord.profiles.CurrentPeriod;

/**
 * The kinds of coordination gap, each with its rule (the guide's page "Coordination gaps" states the same rules).
 * A finding is a short sentence saying what is missing for the patient, or empty when the gap is not there.
 */
enum CoordinationGap {

	NO_ACTIVE_CARE_TEAM("no-active-care-team", "No active care team") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			return care.activeTeams().isEmpty() ? Optional.of("no CareTeam with status active") : Optional.empty();
		}
	},
	NO_CURRENT_COORDINATOR("no-current-coordinator", "Active care team without a current coordinator") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			List<CareTeam> teams = care.activeTeams();
			boolean coordinated = teams.stream().flatMap(t -> t.getParticipant().stream())
					.anyMatch(p -> isCoordinator(p) && CurrentPeriod.isCurrent(p.getPeriod(), context.today()));
			return !teams.isEmpty() && !coordinated
					? Optional.of("no participant of an active CareTeam is a care-coordinator today")
					: Optional.empty();
		}
	},
	NO_ACTIVE_CARE_PLAN("no-active-care-plan", "No active coordinated care plan") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			return care.activePlans(CoordinationVocabulary.COORDINATED_CARE_PLAN).isEmpty()
					? Optional.of("no active CarePlan of type coordinated-care-plan") : Optional.empty();
		}
	},
	NO_EMERGENCY_CARE_PLAN("no-emergency-care-plan", "No emergency care plan") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			return care.activePlans(CoordinationVocabulary.EMERGENCY_CARE_PLAN).isEmpty()
					? Optional.of("no active CarePlan of type emergency-care-plan") : Optional.empty();
		}
	},
	REVIEW_OVERDUE("review-overdue", "Care plan review overdue") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			return care.plans().stream()
					.filter(p -> p.getStatus() == CarePlan.CarePlanStatus.ACTIVE)
					.flatMap(p -> PatientCare.nextReview(p).filter(d -> d.isBefore(context.today()))
							.map(d -> new Overdue(p, ChronoUnit.DAYS.between(d, context.today()))).stream())
					.max(Comparator.comparingLong(Overdue::days))
					.map(o -> "CarePlan/" + o.plan().getIdElement().getIdPart() + " review overdue by " + o.days() + " days");
		}
	},
	REVIEW_TASK_OVERDUE("review-task-overdue", "Review task open past its due date") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			return care.reviewTasks().stream()
					.filter(t -> ReviewTasks.isOpen(t) && ReviewTasks.due(t).filter(d -> d.isBefore(context.today())).isPresent())
					.findFirst()
					.map(t -> "Task/" + t.getIdElement().getIdPart() + " was due on " + ReviewTasks.due(t).orElseThrow());
		}
	},
	TRANSITION_NOT_STARTED("transition-not-started", "Transition to adult services not started") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			if (!care.patient().hasBirthDate() || care.hasPlanOfType(CoordinationVocabulary.TRANSITION_PLAN)) {
				return Optional.empty();
			}
			int age = Period.between(CareDates.first(care.patient().getBirthDateElement()), context.today()).getYears();
			return age >= context.properties().transitionAge() && age < context.properties().transitionEndAge()
					? Optional.of("aged " + age + " with no transition plan") : Optional.empty();
		}
	},
	SPLIT_VISITS("split-visits", "Appointments on different days at different organisations") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			List<Appointment> booked = new ArrayList<>(care.appointments().stream().filter(Appointment::hasStart).toList());
			booked.sort(Comparator.comparing(Appointment::getStart));
			long window = context.properties().splitVisitWindow().toDays();
			for (int i = 0; i < booked.size(); i++) {
				for (int j = i + 1; j < booked.size(); j++) {
					LocalDate first = CareDates.first(booked.get(i).getStartElement());
					LocalDate second = CareDates.first(booked.get(j).getStartElement());
					Optional<String> one = context.sites().organisationOf(booked.get(i));
					Optional<String> other = context.sites().organisationOf(booked.get(j));
					if (!first.equals(second) && ChronoUnit.DAYS.between(first, second) <= window
							&& one.isPresent() && other.isPresent() && !one.equals(other)) {
						return Optional.of("booked at " + one.get() + " on " + first + " and at " + other.get() + " on " + second);
					}
				}
			}
			return Optional.empty();
		}
	},
	UNDIAGNOSED_WITHOUT_GENOMIC_TEST("undiagnosed-without-genomic-test", "Undiagnosed with no recent genomic test") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			LocalDate since = context.today().minusDays(context.properties().genomicTestLookback().toDays());
			return care.isUndiagnosed() && care.genomicTests().stream().noneMatch(d -> !d.isBefore(since))
					? Optional.of("ORPHA 616874 with no genomic test requested or reported since " + since)
					: Optional.empty();
		}
	},
	DOCUMENT_WITHHELD_FROM_TEAM("document-withheld-from-team", "Document a team member cannot read (consent)") {
		@Override
		Optional<String> find(PatientCare care, GapContext context) {
			// only an active consent can deny anyone
			if (care.documents().isEmpty() || care.consents().isEmpty()) {
				return Optional.empty();
			}
			return care.organisations().stream()
					.filter(ods -> context.consentDenies(care, ods))
					.findFirst()
					.map(ods -> care.documents().size() + " documents that team member organisation " + ods
							+ " cannot read because the patient's consent denies it");
		}
	};

	private final String code;
	private final String display;

	CoordinationGap(String code, String display) {
		this.code = code;
		this.display = display;
	}

	String code() {
		return code;
	}

	String display() {
		return display;
	}

	abstract Optional<String> find(PatientCare care, GapContext context);

	static boolean isCoordinator(CareTeam.CareTeamParticipantComponent participant) {
		return participant.getRole().stream().flatMap(r -> r.getCoding().stream())
				.anyMatch(c -> CoordinationVocabulary.CARE_TEAM_ROLE.equals(c.getSystem())
						&& CoordinationVocabulary.CARE_COORDINATOR.equals(c.getCode()));
	}

	private record Overdue(CarePlan plan, long days) {}
}
