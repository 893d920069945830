package uk.concord.server;

import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The servlet Tomcat registers for the FHIR API. It builds HAPI's {@link RestfulServer} when Tomcat initialises it,
 * not when Spring Boot collects the servlets to register. Spring Boot collects them before the bean definitions are
 * frozen, and a RestfulServer made then made every HAPI bean too (each resource type's DAO, Hibernate, the validation
 * chain) while Spring matched each of their thousands of dependencies by type without its cache: a quarter of the
 * start's work (issue 12, bench/RESULTS.md run 28). Tomcat initialises this servlet once every bean exists, before the
 * port accepts requests; if it cannot be built, the start fails (Spring Boot's Tomcat fails a start whose servlets
 * fail to initialise).
 */
final class FhirServlet extends HttpServlet {

	private final transient Supplier<RestfulServer> build;
	private transient volatile RestfulServer server;

	FhirServlet(Supplier<RestfulServer> build) {
		this.build = build;
	}

	@Override
	public void init(ServletConfig config) throws ServletException {
		super.init(config);
		RestfulServer built = build.get();
		built.init(config);
		server = built;
	}

	@Override
	public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
		server.service(request, response instanceof HttpServletResponse http ? new FlushAtEndResponse(http) : response);
	}

	@Override
	public void destroy() {
		RestfulServer built = server;
		if (built != null) {
			built.destroy();
		}
	}
}
