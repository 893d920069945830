package uk.concord.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shapes every error a client sees. HAPI has one hook for this (the first opinion wins), so both rules live here:
 * <ul>
 *   <li>a version conflict on a request that carried {@code If-Match} is a failed precondition: 412, as FHIR says
 *       (HAPI answers 409, which FHIR keeps for conflicts the client did not ask to be checked);</li>
 *   <li>a refusal says so in its OperationOutcome's issue code: {@code forbidden} for 403, {@code not-found} for 404
 *       (HAPI writes {@code processing} for every error);</li>
 *   <li>a search value HAPI cannot parse (a date of {@code notadate}) is the client's mistake: 400, not 500;</li>
 *   <li>unexpected failures become a plain 500 with a reference to the full error in the server log, so no stack
 *       trace, SQL or class name reaches a client. Client mistakes (4xx) keep HAPI's explanatory message.</li>
 * </ul>
 */
@Interceptor
class ErrorResponseInterceptor {

	private static final Logger log = LoggerFactory.getLogger(ErrorResponseInterceptor.class);

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException shape(RequestDetails request, Throwable error) {
		if (error instanceof ResourceVersionConflictException conflict
				&& request.getHeader(Constants.HEADER_IF_MATCH) != null) {
			return new PreconditionFailedException(conflict.getMessage());
		}
		if (error instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
			return withIssueCode(known, null);
		}
		DataFormatException badValue = clientValue(error);
		if (badValue != null) {
			return withIssueCode(new InvalidRequestException(badValue.getMessage()), IssueType.INVALID);
		}
		String reference = UUID.randomUUID().toString();
		log.error("Request failed, error reference {}", reference, error);
		return new InternalErrorException("Concord could not complete this request because of an internal error"
				+ " (reference " + reference + "); the operator can find the details in the server log under that"
				+ " reference.");
	}

	/** A value in the request HAPI could not parse, such as a search parameter's date; null for anything else. */
	private static DataFormatException clientValue(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataFormatException format) {
				return format;
			}
			if (cause instanceof BaseServerResponseException) {
				return null;
			}
		}
		return null;
	}

	/** Gives an error without an OperationOutcome of its own one with the issue code its status means. */
	private static BaseServerResponseException withIssueCode(BaseServerResponseException error, IssueType given) {
		IssueType code = given != null ? given : switch (error.getStatusCode()) {
			case 403 -> IssueType.FORBIDDEN;
			case 404 -> IssueType.NOTFOUND;
			default -> null;
		};
		if (code != null && error.getOperationOutcome() == null) {
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(code).setDiagnostics(error.getMessage());
			error.setOperationOutcome(outcome);
		}
		return error;
	}
}
