package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/** The FHIR servlet on a real embedded Tomcat, registered the way Spring Boot registers it. */
class FhirServletTest {

	private WebServer tomcat;

	@AfterEach
	void stopTomcat() {
		if (tomcat != null) {
			tomcat.stop();
		}
	}

	@Test
	void theFhirApiIsBuiltWhenTomcatStartsAndThenAnswers() throws Exception {
		AtomicInteger builds = new AtomicInteger();
		tomcat = tomcatWith(() -> {
			builds.incrementAndGet();
			return new RestfulServer(FhirContext.forR4Cached());
		});
		assertThat(builds).as("built while servlets are registered").hasValue(0);

		tomcat.start();

		assertThat(builds).hasValue(1);
		HttpResponse<String> metadata = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + tomcat.getPort() + "/fhir/metadata")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(metadata.body()).contains("\"resourceType\":\"CapabilityStatement\"");
		assertThat(builds).as("built once, not per request").hasValue(1);
	}

	@Test
	void anAnswerIsSentWholeWithItsLengthNotAsAChunkPerJsonValue() throws Exception {
		tomcat = tomcatWith(() -> new RestfulServer(FhirContext.forR4Cached()));
		tomcat.start();

		HttpResponse<String> metadata = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + tomcat.getPort() + "/fhir/metadata?_format=json"))
						.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(metadata.statusCode()).isEqualTo(200);
		// HAPI's JSON writer flushes after every value; each flush sent what was written so far as a chunk of its own
		assertThat(metadata.headers().firstValue("Transfer-Encoding")).isEmpty();
		assertThat(metadata.headers().firstValueAsLong("Content-Length")).hasValue(metadata.body().length());
	}

	@Test
	void aFhirApiThatCannotBeBuiltStopsTheStart() {
		tomcat = tomcatWith(() -> {
			throw new IllegalStateException("the database is not there");
		});

		assertThatThrownBy(tomcat::start).isInstanceOf(WebServerException.class);
	}

	private static WebServer tomcatWith(Supplier<RestfulServer> build) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		return factory.getWebServer(context -> {
			ServletRegistration.Dynamic fhir = context.addServlet("fhir", new FhirServlet(build));
			fhir.addMapping("/fhir/*");
			fhir.setLoadOnStartup(1);
		});
	}
}
