package uk.concord.coordination;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.hl7.fhir.r4.model.Task;

/** What a review reminder Task is: its identifier (plan and review date), whether it is open, when it is due. */
final class ReviewTasks {

	static final Set<Task.TaskStatus> OPEN = Set.of(Task.TaskStatus.REQUESTED, Task.TaskStatus.RECEIVED,
			Task.TaskStatus.ACCEPTED, Task.TaskStatus.READY, Task.TaskStatus.INPROGRESS, Task.TaskStatus.ONHOLD,
			Task.TaskStatus.DRAFT);

	private ReviewTasks() {}

	/** One value per plan and review date: {@code CarePlan/x|2026-12-14}. */
	static String identifier(String planId, LocalDate review) {
		return "CarePlan/" + planId + "|" + review;
	}

	/**
	 * A stable id for the Task, so that two nodes (or two runs) making the same reminder write one resource: the
	 * database's own key refuses a second. Ids are at most 64 characters: long plan ids are hashed.
	 */
	static String id(String planId, LocalDate review) {
		String id = "review-" + planId + "-" + review.toString().replace("-", "");
		if (id.length() <= 64) {
			return id;
		}
		// the first 16 bytes of the plan id's SHA-256, in hex
		return "review-" + DigestUtils.sha256Hex(planId).substring(0, 32) + "-" + review.toString().replace("-", "");
	}

	static boolean isMadeByReminders(Task task) {
		return task.getIdentifier().stream().anyMatch(i -> CoordinationVocabulary.REVIEW_TASK_IDENTIFIER.equals(i.getSystem()));
	}

	/** A Task coded "review the care plan", whoever made it. */
	static boolean isReview(Task task) {
		return task.getCode().getCoding().stream().anyMatch(c -> CoordinationVocabulary.TASK_SYSTEM.equals(c.getSystem())
				&& CoordinationVocabulary.REVIEW_TASK_CODE.equals(c.getCode()));
	}

	static boolean isOpen(Task task) {
		return OPEN.contains(task.getStatus());
	}

	/** The review date: when the Task's fulfilment is sought by ({@code restriction.period.end}). */
	static Optional<LocalDate> due(Task task) {
		return Optional.ofNullable(CareDates.first(task.getRestriction().getPeriod().getEndElement()));
	}
}
