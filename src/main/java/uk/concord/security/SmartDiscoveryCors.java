package uk.concord.security;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import uk.concord.server.ServerProperties;

/**
 * Browser apps on the allowed origins ({@code concord.server.cors}) may read the SMART configuration at the server
 * root; under the FHIR base, HAPI's CORS interceptor answers with the same policy.
 */
@Component
class SmartDiscoveryCors implements WebMvcConfigurer {

	private final ServerProperties server;

	SmartDiscoveryCors(ServerProperties server) {
		this.server = server;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (server.cors().enabled()) {
			registry.addMapping(SmartConfiguration.PATH).combine(server.cors().configuration());
		}
	}
}
