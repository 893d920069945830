package uk.concord.server;

import io.swagger.v3.oas.models.OpenAPI;

/**
 * Adds what a feature knows to the OpenAPI description of the FHIR API ({@code /fhir/api-docs}), e.g. how to get
 * a token. Declared as beans; applied once per description, which is then cached.
 */
public interface OpenApiCustomizer {

	/** @param fhirBase the FHIR base URL the description is for */
	void customize(OpenAPI openApi, String fhirBase);
}
