package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.http.MappingMatch;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.util.ServletRequestPathUtils;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/** What operators and developers see around the FHIR API: metadata, health, API docs, CORS, logs. */
@EmbeddedServerTest
@ExtendWith(OutputCaptureExtension.class)
class ServerEndpointsIT {

	@Autowired
	BuildProperties build;

	@Autowired
	HandlerMappingIntrospector springMvcMappings;

	FhirHttp fhir;

	@Test
	void capabilityStatementNamesConcordAndItsVersion() {
		FhirHttp.Response metadata = fhir.get("metadata");

		assertThat(metadata.status()).isEqualTo(200);
		CapabilityStatement statement = metadata.as(CapabilityStatement.class);
		assertThat(statement.getName()).isEqualTo("Concord");
		assertThat(statement.getSoftware().getName()).isEqualTo("Concord");
		assertThat(statement.getSoftware().getVersion()).isEqualTo(build.getVersion());
		assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(statement.getRestFirstRep().getResource())
				.extracting(r -> r.getType())
				.contains("Patient", "CareTeam", "CarePlan", "DocumentReference", "Condition", "Flag", "Consent");
	}

	@Test
	void healthAndReadinessReportUp() {
		FhirHttp.Response health = fhir.getAny(fhir.root() + "/actuator/health");
		FhirHttp.Response readiness = fhir.getAny(fhir.root() + "/actuator/health/readiness");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(readiness.status()).isEqualTo(200);
	}

	@Test
	void developersFindTheOpenApiDescriptionAndSwaggerUi() {
		FhirHttp.Response apiDocs = fhir.getAny("api-docs");
		FhirHttp.Response swagger = fhir.getAny("swagger-ui/");

		assertThat(apiDocs.status()).isEqualTo(200);
		assertThat(apiDocs.body()).contains("openapi:").contains("/Patient");
		assertThat(swagger.status()).isEqualTo(200);
		assertThat(swagger.body()).containsIgnoringCase("swagger");
	}

	@Test
	void browsersFromOtherOriginsGetNoCorsGrantByDefault() {
		FhirHttp.Response preflight = fhir.send(HttpRequest.newBuilder(fhir.uri("Patient"))
				.header("Origin", "https://evil.example")
				.header("Access-Control-Request-Method", "GET")
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

		assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void requestLogHasOneLinePerRequestAndNoPatientData(CapturedOutput output) {
		String nhsNumber = NhsNumbers.random();
		fhir.post(
				"Patient",
				"application/fhir+json",
				"{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + NhsNumbers.SYSTEM + "\",\"value\":\""
						+ nhsNumber + "\"}],\"name\":[{\"family\":\"Zebedee-Lognot\"}],\"gender\":\"male\","
						+ "\"birthDate\":\"1970-07-07\"}");
		fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber);

		// HAPI logs a request after its response is sent, so the line may follow the client's receipt by a moment.
		await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output.getOut())
						.contains("POST create Patient -> 201")
						.contains("GET search-type Patient -> 200"));
		assertThat(output.getAll()).doesNotContain(nhsNumber).doesNotContain("Zebedee-Lognot");
	}

	@Test
	void springMvcsFirstMappingTakesEveryFhirServletRequestAndNoneOfItsOwn() throws Exception {
		// Spring Security asks Spring MVC about every request, in this order: a FHIR request must end the search at once
		HandlerMapping first = springMvcMappings.getHandlerMappings().get(0);

		assertThat(handlerFor(first, "fhir", "/fhir", "/Patient/dmd-child")).isInstanceOf(HttpRequestHandler.class);
		assertThat(handlerFor(first, "fhir", "/fhir", "/metadata")).isInstanceOf(HttpRequestHandler.class);
		assertThat(handlerFor(first, "dispatcherServlet", "", "/passport/Patient")).isNull();
		assertThat(handlerFor(first, "dispatcherServlet", "", "/fhir/Patient/dmd-child")).isNull();
		// and what Spring MVC serves is still its own, the FHIR API still HAPI's
		assertThat(fhir.getAny(fhir.root() + "/ig/").status()).isEqualTo(200);
		assertThat(fhir.getAny(fhir.root() + "/.well-known/smart-configuration").status()).isEqualTo(200);
		assertThat(fhir.get("metadata").status()).isEqualTo(200);
	}

	private static Object handlerFor(HandlerMapping mapping, String servlet, String servletPath, String pathInfo)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", servletPath + pathInfo);
		request.setServletPath(servletPath);
		request.setPathInfo(pathInfo);
		request.setHttpServletMapping(new MockHttpServletMapping(pathInfo.substring(1), servletPath + "/*", servlet,
				servletPath.isEmpty() ? MappingMatch.DEFAULT : MappingMatch.PATH));
		ServletRequestPathUtils.parseAndCache(request);
		HandlerExecutionChain chain = mapping.getHandler(request);
		return chain == null ? null : chain.getHandler();
	}
}
