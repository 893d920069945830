package uk.concord.server;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.swagger.v3.oas.models.OpenAPI;
import java.time.Duration;
import java.util.List;

/**
 * HAPI's OpenAPI description and Swagger UI, with the features' additions ({@link OpenApiCustomizer}), built once
 * per FHIR base and page and kept for a while: HAPI builds the whole description from the CapabilityStatement on
 * every request, which takes seconds, while what it describes changes only when search parameters or profiles do.
 */
class CachedOpenApi extends OpenApiInterceptor {

	/** Long enough that Swagger UI opens at once, short enough that a new search parameter shows within minutes. */
	static final Duration KEEP = Duration.ofMinutes(10);

	private final List<OpenApiCustomizer> customizers;
	private final Cache<String, OpenAPI> descriptions =
			Caffeine.newBuilder().expireAfterWrite(KEEP).maximumSize(100).build();

	CachedOpenApi(List<OpenApiCustomizer> customizers) {
		this.customizers = customizers;
	}

	@Override
	protected OpenAPI generateOpenApi(ServletRequestDetails request) {
		String[] page = request.getParameters().get("page");
		String key = request.getFhirServerBase() + " " + (page == null || page.length == 0 ? "" : page[0]);
		return descriptions.get(key, unused -> {
			OpenAPI openApi = super.generateOpenApi(request);
			customizers.forEach(customizer -> customizer.customize(openApi, request.getFhirServerBase()));
			return openApi;
		});
	}
}
