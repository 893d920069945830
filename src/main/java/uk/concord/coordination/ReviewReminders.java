package uk.concord.coordination;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.model.sched.HapiJob;
import ca.uhn.fhir.jpa.model.sched.IHasScheduledJobs;
import ca.uhn.fhir.jpa.model.sched.ISchedulerService;
import ca.uhn.fhir.jpa.model.sched.ScheduledJobDefinition;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import uk.concord.profiles.CurrentPeriod;
import uk.concord.server.SearchInPages;

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
	private final SearchInPages pages;
	private final CoordinationProperties properties;
	private final Clock clock;
	private volatile boolean stopping;

	ReviewReminders(DaoRegistry daos, SearchInPages pages, CoordinationProperties properties, Clock clock) {
		this.daos = daos;
		this.pages = pages;
		this.properties = properties;
		this.clock = clock;
	}

	/** What one run did; {@code stopped} when the server began shutting down part way (nothing was cancelled then). */
	record Run(int made, int cancelled, boolean stopped) {}

	Run remind() {
		return remind(LocalDate.now(clock));
	}

	/**
	 * Reads only the active plans whose review is due within the lead time ({@code next-review}, indexed), a page at a
	 * time, asks once per page which of their Tasks exist (by id, none read) and makes the missing ones together.
	 * Before, every active plan was read in one search and each due plan's Task looked up on its own: at 10,000
	 * patients a run took minutes and shutting down waited for it (bench/RESULTS.md, run 19).
	 */
	Run remind(LocalDate today) {
		long started = System.nanoTime();
		LocalDate horizon = today.plusDays(properties.reviewLeadTime().toDays());
		Map<String, LocalDate> wanted = new HashMap<>();
		// a team's coordinator, read once a run: a patient's plans share their team
		Map<String, Optional<Reference>> coordinators = new HashMap<>();
		int[] made = {0};
		SearchParameterMap due = SearchParameterMap.newSynchronous()
				.add("status", new TokenParam("active"))
				.add("next-review", new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, horizon.toString()));
		boolean complete = pages.forEachPage("CarePlan", due, () -> stopping, page -> {
			Map<String, CarePlan> plans = new LinkedHashMap<>();
			for (IBaseResource found : page) {
				CarePlan plan = (CarePlan) found;
				if (plan.getStatus() != CarePlan.CarePlanStatus.ACTIVE) {
					continue; // ended since the search found it
				}
				PatientCare.nextReview(plan).filter(d -> !d.isAfter(horizon)).ifPresent(review -> {
					wanted.put(plan.getIdElement().getIdPart(), review);
					plans.put(ReviewTasks.id(plan.getIdElement().getIdPart(), review), plan);
				});
			}
			// whatever their status: a Task done or cancelled is not made again
			Set<String> existing = pages.existing("Task", plans.keySet());
			List<Task> missing = new ArrayList<>();
			plans.forEach((taskId, plan) -> {
				if (!existing.contains(taskId)) {
					missing.add(task(plan, wanted.get(plan.getIdElement().getIdPart()), new IdType("Task", taskId),
							coordinators));
				}
			});
			made[0] += make(missing);
		});
		// a partial list of wanted reviews would cancel the Tasks of the plans not reached
		int cancelled = complete ? cancelStale(wanted) : 0;
		Run run = new Run(made[0], cancelled, !complete || stopping);
		log.info("Care plan review reminders{}: {} plans due by {}, {} Tasks made, {} cancelled, in {} ms",
				run.stopped() ? " (stopped: the server is shutting down)" : "", wanted.size(), horizon, made[0], cancelled,
				(System.nanoTime() - started) / 1_000_000);
		return run;
	}

	/** A run in progress stops at its next page, so that shutting down does not wait for it. */
	@EventListener(ContextClosedEvent.class)
	void stop() {
		stopping = true;
	}

	/**
	 * A page's missing Tasks in one transaction: one commit, where one write each made the first run at 20,000
	 * patients take tens of minutes (run 42). When the transaction is refused (another node made one of them at the
	 * same moment, so nothing of it was stored) each is made on its own.
	 */
	private int make(List<Task> tasks) {
		if (tasks.isEmpty()) {
			return 0;
		}
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		tasks.forEach(task -> transaction.addEntry().setResource(task).getRequest().setMethod(Bundle.HTTPVerb.PUT)
				.setUrl("Task/" + task.getIdElement().getIdPart()));
		try {
			@SuppressWarnings("unchecked")
			IFhirSystemDao<Bundle, Meta> system = daos.getSystemDao();
			system.transaction(system(), transaction);
			return tasks.size();
		} catch (BaseServerResponseException | DataIntegrityViolationException refused) {
			log.debug("Review Tasks made one at a time: {}", refused.getMessage());
			return (int) tasks.stream().filter(this::makeOnce).count();
		}
	}

	private boolean makeOnce(Task task) {
		try {
			daos.getResourceDao(Task.class).update(task, system());
			return true;
		} catch (BaseServerResponseException | DataIntegrityViolationException otherNode) {
			// another node made it at the same moment: the database kept one
			log.debug("Review Task {} was made elsewhere: {}", task.getIdElement().getIdPart(), otherNode.getMessage());
			return false;
		}
	}

	private Task task(CarePlan plan, LocalDate review, IdType id, Map<String, Optional<Reference>> coordinators) {
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
		owner(plan, coordinators).ifPresent(task::setOwner);
		return task;
	}

	/** The current coordinator of the plan's first care team that has one; else that team. */
	private Optional<Reference> owner(CarePlan plan, Map<String, Optional<Reference>> coordinators) {
		for (Reference teamReference : plan.getCareTeam()) {
			Optional<Reference> coordinator = coordinators.computeIfAbsent(
					teamReference.getReferenceElement().toUnqualifiedVersionless().getValue(), this::coordinatorOf);
			if (coordinator.isPresent()) {
				return coordinator.map(Reference::copy);
			}
		}
		return plan.getCareTeam().stream().findFirst().map(Reference::copy);
	}

	private Optional<Reference> coordinatorOf(String team) {
		LocalDate today = LocalDate.now(clock);
		try {
			return daos.getResourceDao(CareTeam.class).read(new IdType(team), system()).getParticipant().stream()
					.filter(p -> CoordinationGap.isCoordinator(p) && CurrentPeriod.isCurrent(p.getPeriod(), today))
					.map(p -> p.getMember().copy())
					.findFirst();
		} catch (BaseServerResponseException missing) {
			return Optional.empty(); // a team that cannot be read owns nothing
		}
	}

	/**
	 * Open review Tasks made by this job whose plan no longer wants them, a page at a time. The Task a plan wants has an
	 * id made from the plan and its review date: only open Tasks with other ids are loaded, so a run in which nothing
	 * moved loads none.
	 */
	private int cancelStale(Map<String, LocalDate> wanted) {
		Set<String> wantedTasks = wanted.entrySet().stream()
				.map(planReview -> ReviewTasks.id(planReview.getKey(), planReview.getValue())).collect(Collectors.toSet());
		TokenOrListParam open = new TokenOrListParam();
		ReviewTasks.OPEN.forEach(status -> open.addOr(new TokenParam(status.toCode())));
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add("code", new TokenParam(CoordinationVocabulary.TASK_SYSTEM, CoordinationVocabulary.REVIEW_TASK_CODE))
				.add("status", open);
		int[] cancelled = {0};
		pages.forEachPageOf("Task", search, id -> !wantedTasks.contains(id), () -> stopping, page -> page.stream()
				.map(Task.class::cast).forEach(task -> cancelled[0] += cancelIfStale(task, wanted) ? 1 : 0));
		return cancelled[0];
	}

	private boolean cancelIfStale(Task task, Map<String, LocalDate> wanted) {
		String planId = task.getFocus().getReferenceElement().getIdPart();
		LocalDate due = ReviewTasks.due(task).orElse(null);
		if (!ReviewTasks.isMadeByReminders(task) || !ReviewTasks.isOpen(task)
				|| (due != null && due.equals(wanted.get(planId)))) {
			return false;
		}
		task.setStatus(Task.TaskStatus.CANCELLED);
		task.setStatusReason(new CodeableConcept().setText(wanted.containsKey(planId)
				? "The plan's review date moved to " + wanted.get(planId)
				: "The plan is no longer active or its review is no longer due"));
		daos.getResourceDao(Task.class).update(task, system());
		return true;
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
