package uk.concord.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;

/**
 * Parameters that shape a whole answer take one value: {@code _summary=true&_summary=false} cannot both be honoured,
 * so it is the client's mistake (400), not something for HAPI to resolve one way or another.
 */
@Interceptor
class SingleValuedParameters {

	private static final List<String> NAMES = List.of("_summary", "_total", "_count", "_offset", "_format");

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void refuseRepeats(RequestDetails request) {
		for (String name : NAMES) {
			String[] values = request.getParameters().get(name);
			if (values != null && values.length > 1) {
				throw new InvalidRequestException("The " + name + " parameter may be given only once; it was given "
						+ values.length + " times");
			}
		}
	}
}
