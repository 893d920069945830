package uk.concord.server;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * How a feature plugs into the FHIR endpoint: it registers its providers and interceptors. Customizers run in
 * {@link org.springframework.core.annotation.Order} order, so interceptors that must see a request first (security)
 * declare a lower order than those that act on what is stored (validation, audit).
 */
@FunctionalInterface
public interface FhirServerCustomizer {

	void customize(RestfulServer server);
}
