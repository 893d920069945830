package uk.concord.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shapes every error a client sees. HAPI has one hook for this (the first opinion wins), so both rules live here:
 * <ul>
 *   <li>a version conflict on a request that carried {@code If-Match} is a failed precondition: 412, as FHIR says
 *       (HAPI answers 409, which FHIR keeps for conflicts the client did not ask to be checked);</li>
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
			return known;
		}
		String reference = UUID.randomUUID().toString();
		log.error("Request failed, error reference {}", reference, error);
		return new InternalErrorException("Concord could not complete this request because of an internal error"
				+ " (reference " + reference + "); the operator can find the details in the server log under that"
				+ " reference.");
	}
}
