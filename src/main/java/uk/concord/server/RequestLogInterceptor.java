package uk.concord.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request: verb, operation, resource type, status and time. Never the query string, body or
 * resource id, because those carry patient data (NHS numbers, names) into log files that are not access controlled.
 */
@Interceptor
class RequestLogInterceptor {

	private static final Logger log = LoggerFactory.getLogger("concord.requests");

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
	public void completed(ServletRequestDetails request) {
		log.info(
				"{} {} {} -> {} in {} ms",
				request.getRequestType(),
				request.getRestOperationType() == null ? "-" : request.getRestOperationType().getCode(),
				request.getResourceName() == null ? "-" : request.getResourceName(),
				request.getServletResponse().getStatus(),
				request.getRequestStopwatch().getMillis());
	}
}
