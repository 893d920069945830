package uk.concord.coordination;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.sched.HapiJob;
import ca.uhn.fhir.jpa.model.sched.IHasScheduledJobs;
import ca.uhn.fhir.jpa.model.sched.ISchedulerService;
import ca.uhn.fhir.jpa.model.sched.ScheduledJobDefinition;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reviews do not get forgotten: for each active plan whose next review falls within the lead time, a Task "review the
 * care plan" (focus the plan, for the patient, owned by the team's current coordinator, or by the team when it has
 * none, due on the review date). One Task per plan and review date however often this runs and on however many
 * nodes: the Task's id is made from both, so the database holds one. A plan whose review date moved, or that is no
 * longer active, has its open Task cancelled (and a new one made for the new date when it is due).
 */
public class ReviewReminders implements IHasScheduledJobs {

	private static final Logger log = LoggerFactory.getLogger(ReviewReminders.class);

	private final DaoRegistry daos;
	private final CoordinationProperties properties;
	private final Clock clock;

	ReviewReminders(DaoRegistry daos, CoordinationProperties properties, Clock clock) {
		this.daos = daos;
		this.properties = properties;
		this.clock = clock;
	}

	/** What one run did. */
	record Run(int made, int cancelled) {}

	Run remind() {
		return remind(LocalDate.now(clock));
	}

	Run remind(LocalDate today) {
		LocalDate horizon = today.plusDays(properties.reviewLeadTime().toDays());
		Map<String, LocalDate> wanted = new HashMap<>();
		int made = 0;
		SearchParameterMap active = SearchParameterMap.newSynchronous().add("status", new TokenParam("active"));
		active.setLoadSynchronousUpTo(1_000_000);
		for (Object found : daos.getResourceDao("CarePlan").searchForResources(active, system())) {
			CarePlan plan = (CarePlan) found;
			Optional<LocalDate> review = PatientCare.nextReview(plan).filter(d -> !d.isAfter(horizon));
			if (review.isPresent()) {
				String planId = plan.getIdElement().getIdPart();
				wanted.put(planId, review.get());
				made += makeOnce(plan, review.get()) ? 1 : 0;
			}
		}
		int cancelled = cancelStale(wanted);
		if (made > 0 || cancelled > 0) {
			log.info("Care plan review reminders: {} Tasks made, {} cancelled", made, cancelled);
		}
		return new Run(made, cancelled);
	}

	private boolean makeOnce(CarePlan plan, LocalDate review) {
		String planId = plan.getIdElement().getIdPart();
		IFhirResourceDao<Task> tasks = daos.getResourceDao(Task.class);
		IdType id = new IdType("Task", ReviewTasks.id(planId, review));
		try {
			tasks.read(id, system());
			return false;
		} catch (ResourceNotFoundException | ResourceGoneException absent) {
			// made below
		}
		try {
			tasks.update(task(plan, review, id), system());
			return true;
		} catch (BaseServerResponseException | org.springframework.dao.DataIntegrityViolationException otherNode) {
			// another node made it at the same moment: the database kept one
			log.debug("Review Task {} was made elsewhere: {}", id.getIdPart(), otherNode.getMessage());
			return false;
		}
	}

	private Task task(CarePlan plan, LocalDate review, IdType id) {
		Task task = new Task();
		task.setId(id);
		task.addIdentifier().setSystem(CoordinationVocabulary.REVIEW_TASK_IDENTIFIER)
				.setValue(ReviewTasks.identifier(plan.getIdElement().getIdPart(), review));
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setPriority(Task.TaskPriority.ROUTINE);
		task.setCode(new CodeableConcept().addCoding(new Coding(CoordinationVocabulary.TASK_SYSTEM,
				CoordinationVocabulary.REVIEW_TASK_CODE, "Review the care plan")).setText("Review the care plan"));
		task.setDescription("Review " + (plan.hasTitle() ? "'" + plan.getTitle() + "'" : "the care plan")
				+ " with the patient and family by " + review);
		task.setFocus(new Reference("CarePlan/" + plan.getIdElement().getIdPart()));
		task.setFor(plan.getSubject().copy());
		task.setAuthoredOnElement(new DateTimeType(Date.from(clock.instant())));
		task.getRestriction().getPeriod().setEndElement(new DateTimeType(review.toString()));
		owner(plan).ifPresent(task::setOwner);
		return task;
	}

	/** The current coordinator of the plan's first care team that has one; else that team. */
	private Optional<Reference> owner(CarePlan plan) {
		LocalDate today = LocalDate.now(clock);
		for (Reference teamReference : plan.getCareTeam()) {
			try {
				CareTeam team = daos.getResourceDao(CareTeam.class)
						.read(teamReference.getReferenceElement().toUnqualifiedVersionless(), system());
				Optional<Reference> coordinator = team.getParticipant().stream()
						.filter(p -> CoordinationGap.isCoordinator(p) && CareDates.isCurrent(p.getPeriod(), today))
						.map(p -> p.getMember().copy())
						.findFirst();
				if (coordinator.isPresent()) {
					return coordinator;
				}
			} catch (BaseServerResponseException missing) {
				// a team that cannot be read owns nothing
			}
		}
		return plan.getCareTeam().stream().findFirst().map(Reference::copy);
	}

	private int cancelStale(Map<String, LocalDate> wanted) {
		SearchParameterMap open = SearchParameterMap.newSynchronous()
				.add("code", new TokenParam(CoordinationVocabulary.TASK_SYSTEM, CoordinationVocabulary.REVIEW_TASK_CODE));
		open.setLoadSynchronousUpTo(1_000_000);
		int cancelled = 0;
		for (Object found : daos.getResourceDao("Task").searchForResources(open, system())) {
			Task task = (Task) found;
			String planId = task.getFocus().getReferenceElement().getIdPart();
			LocalDate due = ReviewTasks.due(task).orElse(null);
			if (!ReviewTasks.isMadeByReminders(task) || !ReviewTasks.isOpen(task)
					|| (due != null && due.equals(wanted.get(planId)))) {
				continue;
			}
			task.setStatus(Task.TaskStatus.CANCELLED);
			task.setStatusReason(new CodeableConcept().setText(wanted.containsKey(planId)
					? "The plan's review date moved to " + wanted.get(planId)
					: "The plan is no longer active or its review is no longer due"));
			daos.getResourceDao(Task.class).update(task, system());
			cancelled++;
		}
		return cancelled;
	}

	private static SystemRequestDetails system() {
		return new SystemRequestDetails();
	}

	@Override
	public void scheduleJobs(ISchedulerService scheduler) {
		ScheduledJobDefinition job = new ScheduledJobDefinition().setId(getClass().getName()).setJobClass(Job.class);
		scheduler.scheduleClusteredJob(properties.reviewCheckInterval().toMillis(), job);
	}

	/** The clustered job (one node per run): Quartz makes one per run, HAPI's job factory fills in the reminders. */
	public static class Job implements HapiJob {

		@Autowired
		private ReviewReminders reminders;

		@Override
		public void execute(JobExecutionContext context) {
			reminders.remind();
		}
	}
}
