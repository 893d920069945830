package uk.concord.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import uk.concord.security.SmartScope.Context;
import uk.concord.security.SmartScope.Permission;

/**
 * A token cannot tell a record it may not see from one that does not exist: both get the same status and the same
 * words. Otherwise 403 against 404 would tell a {@code patient/} or {@code user/} token (or a {@code system/} token
 * for other types) which patients and records exist.
 * <ul>
 *   <li>A patient's whole record ({@code Patient/{id}/$everything}, {@code $summary}, also by NHS Number) and a
 *       record's history answer 404, as for nobody.</li>
 *   <li>Reading a record of patient data by id ({@code read}, {@code vread}) answers 403, as a refusal would; for a
 *       record that does not exist (or was deleted) too.</li>
 * </ul>
 * Callers whose {@code system/} scopes read every record of the type asked about are told the truth.
 */
@Interceptor
final class NotAllowedLooksLikeNotThere {

	private static final Set<String> WHOLE_RECORD = Set.of("$everything", "$summary");

	/** Before the server's own error shaping, which answers every exception it is given. */
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -100)
	public BaseServerResponseException sameAnswer(RequestDetails request, Throwable error) {
		boolean refusedOrAbsent = error instanceof ForbiddenOperationException || error instanceof ResourceNotFoundException
				|| error instanceof ResourceGoneException;
		String type = request.getResourceName();
		Caller caller = Caller.of(request);
		if (!refusedOrAbsent || type == null || caller.isInternal()
				|| caller.scopes().allows(Context.SYSTEM, type, Permission.READ)) {
			return null;
		}
		String id = request.getId() != null && request.getId().hasIdPart() ? type + "/" + request.getId().getIdPart() : null;
		if (asksAboutAWholeRecordOrHistory(request)) {
			String message = id == null
					? "No patient with that identifier that you may see: none exists, or their record is not shared with you."
					: "No " + id + " that you may see: it does not exist, or it is not shared with you.";
			ResourceNotFoundException notFound = new ResourceNotFoundException(message, outcome(IssueType.NOTFOUND, message));
			// the audit trail still records a refusal as one (the response shows only the message)
			notFound.initCause(error);
			return notFound;
		}
		boolean read = request.getRestOperationType() == RestOperationTypeEnum.READ
				|| request.getRestOperationType() == RestOperationTypeEnum.VREAD;
		if (read && id != null && !ScopeRules.SHARED_TYPES.contains(type)) {
			String message = "Access denied: you may not read " + id + " (it is not shared with you, or it does not exist).";
			return new ForbiddenOperationException(message, outcome(IssueType.FORBIDDEN, message));
		}
		return null;
	}

	private static OperationOutcome outcome(IssueType code, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(code).setDiagnostics(message);
		return outcome;
	}

	private static boolean asksAboutAWholeRecordOrHistory(RequestDetails request) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (operation == RestOperationTypeEnum.HISTORY_INSTANCE) {
			return true;
		}
		boolean wholeRecord = "Patient".equals(request.getResourceName()) && request.getOperation() != null
				&& WHOLE_RECORD.contains(request.getOperation());
		return wholeRecord && (operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
				|| operation == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE && request.getParameters().containsKey("identifier"));
	}
}
