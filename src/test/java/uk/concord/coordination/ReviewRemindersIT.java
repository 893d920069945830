package uk.concord.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.IAnonymousInterceptor;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.server.SearchInPages;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/** Review reminders: one Task per plan and review date, owned by the coordinator, however often the job runs. */
@EmbeddedServerTest
class ReviewRemindersIT {

	static final LocalDate TODAY = CareScenario.TODAY;

	FhirHttp fhir;

	@Autowired
	ReviewReminders reminders;

	@Autowired
	DaoRegistry daos;
	@Autowired
	SearchInPages pages;

	@Autowired
	CoordinationProperties properties;

	@Autowired
	IInterceptorService interceptors;

	@Autowired
	Clock coordinationClock;

	@Test
	void aPlanWhoseReviewFallsWithinTheLeadTimeGetsOneTaskForItsCoordinatorHoweverOftenTheJobRuns() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(10)).store(fhir);
		CarePlan plan = coordinatedPlanOf(patient);

		reminders.remind(TODAY);
		reminders.remind(TODAY);

		List<Task> tasks = reviewTasksOf(plan);
		assertThat(tasks).hasSize(1);
		Task task = tasks.get(0);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(task.getFor().getReference()).isEqualTo("Patient/" + patient);
		assertThat(task.getRestriction().getPeriod().getEndElement().getValueAsString()).isEqualTo(TODAY.plusDays(10).toString());
		String coordinator = coordinatorOf(plan);
		assertThat(task.getOwner().getReference()).isEqualTo(coordinator);
		Bundle work = fhir.get("Task?owner=" + coordinator + "&status=requested&code="
				+ CoordinationVocabulary.TASK_SYSTEM + "|" + CoordinationVocabulary.REVIEW_TASK_CODE).as(Bundle.class);
		assertThat(work.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(task.getIdElement().getIdPart());
	}

	@Test
	void twoRunsAtTheSameMomentAsOnTwoNodesMakeOneTask() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(3)).store(fhir);
		CarePlan plan = coordinatedPlanOf(patient);

		CompletableFuture<?> one = CompletableFuture.runAsync(() -> reminders.remind(TODAY));
		CompletableFuture<?> other = CompletableFuture.runAsync(() -> reminders.remind(TODAY));
		CompletableFuture.allOf(one, other).join();

		assertThat(reviewTasksOf(plan)).hasSize(1);
	}

	@Test
	void aPlanWhoseReviewIsLaterThanTheLeadTimeGetsNoTaskYet() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(40)).store(fhir);

		reminders.remind(TODAY);

		assertThat(reviewTasksOf(coordinatedPlanOf(patient))).isEmpty();
	}

	@Test
	void aReviewDateThatMovesCancelsTheOpenTaskAndMakesOneForTheNewDate() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(5)).store(fhir);
		CarePlan plan = coordinatedPlanOf(patient);
		reminders.remind(TODAY);

		plan.getExtension().get(0).setValue(new DateType(TODAY.plusDays(12).toString()));
		fhir.client().update().resource(plan).execute();
		reminders.remind(TODAY);

		List<Task> tasks = reviewTasksOf(plan);
		assertThat(tasks).hasSize(2);
		assertThat(tasks).filteredOn(t -> t.getStatus() == Task.TaskStatus.CANCELLED)
				.singleElement().satisfies(t -> assertThat(t.getStatusReason().getText()).contains(TODAY.plusDays(12).toString()));
		assertThat(tasks).filteredOn(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
				.singleElement().satisfies(t -> assertThat(t.getRestriction().getPeriod().getEndElement().getValueAsString())
						.isEqualTo(TODAY.plusDays(12).toString()));
	}

	@Test
	void aPlanThatIsNoLongerActiveHasItsOpenTaskCancelled() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(5)).store(fhir);
		CarePlan plan = coordinatedPlanOf(patient);
		reminders.remind(TODAY);

		plan.setStatus(CarePlan.CarePlanStatus.COMPLETED);
		fhir.client().update().resource(plan).execute();
		reminders.remind(TODAY);

		assertThat(reviewTasksOf(plan)).singleElement().extracting(Task::getStatus).isEqualTo(Task.TaskStatus.CANCELLED);
	}

	@Test
	void morePlansDueThanOnePageOfTheSearchEachGetOneTask() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(2)).morePlansDue(210, TODAY.plusDays(2)).store(fhir);

		reminders.remind(TODAY);
		reminders.remind(TODAY);

		Bundle count = fhir.get("Task?patient=Patient/" + patient + "&code=" + CoordinationVocabulary.TASK_SYSTEM + "|"
				+ CoordinationVocabulary.REVIEW_TASK_CODE + "&status=requested&_summary=count").as(Bundle.class);
		assertThat(count.getTotal()).isEqualTo(211);
	}

	@Test
	void aReviewTaskAlreadyDoneIsNotReopenedByTheNextRun() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(4)).store(fhir);
		CarePlan plan = coordinatedPlanOf(patient);
		reminders.remind(TODAY);
		Task task = reviewTasksOf(plan).get(0);
		task.setStatus(Task.TaskStatus.COMPLETED);
		fhir.client().update().resource(task).execute();

		reminders.remind(TODAY);

		assertThat(reviewTasksOf(plan)).singleElement().extracting(Task::getStatus).isEqualTo(Task.TaskStatus.COMPLETED);
	}

	@Test
	void aRunStoppedBecauseTheServerIsShuttingDownMakesAndCancelsNothing() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(6)).store(fhir);
		CarePlan plan = coordinatedPlanOf(patient);
		reminders.remind(TODAY);
		plan.setStatus(CarePlan.CarePlanStatus.COMPLETED);
		fhir.client().update().resource(plan).execute();
		String other = new CareScenario().reviewDue(TODAY.plusDays(6)).store(fhir);
		ReviewReminders stopped = new ReviewReminders(daos, pages, properties, coordinationClock);
		stopped.stop();

		ReviewReminders.Run run = stopped.remind(TODAY);

		assertThat(run.stopped()).isTrue();
		assertThat(run.cancelled()).isZero();
		assertThat(reviewTasksOf(plan)).singleElement().extracting(Task::getStatus).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(reviewTasksOf(coordinatedPlanOf(other))).isEmpty();
	}

	@Test
	void aPageOfTasksRefusedTogetherIsMadeOneTaskAtATime() {
		String patient = new CareScenario().reviewDue(TODAY.plusDays(8)).morePlansDue(2, TODAY.plusDays(8)).store(fhir);
		AtomicInteger refusals = new AtomicInteger();
		// as when another node makes one of the page's Tasks at the same moment: the first write of a Task is refused
		IAnonymousInterceptor refuseOnce = (pointcut, params) -> {
			if (params.get(IBaseResource.class) instanceof Task && refusals.getAndIncrement() == 0) {
				throw new ResourceVersionConflictException("made elsewhere meanwhile");
			}
		};
		interceptors.registerAnonymousInterceptor(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, refuseOnce);
		ReviewReminders.Run run;
		try {
			run = reminders.remind(TODAY);
		} finally {
			interceptors.unregisterInterceptor(refuseOnce);
		}

		assertThat(refusals.get()).isGreaterThan(1);
		assertThat(run.made()).isGreaterThanOrEqualTo(3);
		Bundle count = fhir.get("Task?patient=Patient/" + patient + "&code=" + CoordinationVocabulary.TASK_SYSTEM + "|"
				+ CoordinationVocabulary.REVIEW_TASK_CODE + "&status=requested&_summary=count").as(Bundle.class);
		assertThat(count.getTotal()).isEqualTo(3);
	}

	private CarePlan coordinatedPlanOf(String patient) {
		Bundle plans = fhir.get("CarePlan?patient=" + patient + "&category=https://fhir.concord.org.uk/CodeSystem/care-plan-type|coordinated-care-plan")
				.as(Bundle.class);
		return (CarePlan) plans.getEntryFirstRep().getResource();
	}

	private List<Task> reviewTasksOf(CarePlan plan) {
		Bundle tasks = fhir.get("Task?focus=CarePlan/" + plan.getIdElement().getIdPart()).as(Bundle.class);
		return tasks.getEntry().stream().map(e -> (Task) e.getResource()).toList();
	}

	private String coordinatorOf(CarePlan plan) {
		CareTeam team = fhir.get(plan.getCareTeamFirstRep().getReference()).as(CareTeam.class);
		return team.getParticipantFirstRep().getMember().getReference();
	}
}
