package uk.concord.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;

/**
 * Tells Spring MVC, first of its handler mappings, that the FHIR servlet's requests are not its own. Spring Security
 * 6.5 asks Spring MVC, for every request whatever servlet serves it, which of its handlers would take the request
 * (its {@code HandlerMappingIntrospector} cache filter), though nothing in Concord reads the answer: for a FHIR request
 * Spring MVC tried every controller's mapping and the static resources' before finding none: 5 % of a read's CPU,
 * 1.8 % with this mapping (issue 12, bench/RESULTS.md run 46). A request is the FHIR servlet's by the servlet
 * Tomcat mapped it to; Spring MVC sees a FHIR path without its base path ({@code /Patient/1}), so paths cannot
 * tell. The DispatcherServlet is never given such a request; were it given one, it would answer 404, as before.
 */
final class FhirRequestsOutsideSpringMvc extends AbstractUrlHandlerMapping {

	private static final HttpRequestHandler NOT_SPRING_MVCS =
			(request, response) -> response.sendError(HttpServletResponse.SC_NOT_FOUND);

	private final String fhirServlet;

	/** @param fhirServlet the name the FHIR servlet is registered under */
	FhirRequestsOutsideSpringMvc(String fhirServlet) {
		this.fhirServlet = fhirServlet;
		setOrder(Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	protected Object getHandlerInternal(HttpServletRequest request) {
		return fhirServlet.equals(request.getHttpServletMapping().getServletName()) ? NOT_SPRING_MVCS : null;
	}
}
