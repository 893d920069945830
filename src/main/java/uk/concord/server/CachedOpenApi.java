package uk.concord.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * HAPI's OpenAPI description and Swagger UI, with the features' additions ({@link OpenApiCustomizer}), written once
 * per FHIR base and page and kept for a while. HAPI builds the whole description (about 6 MB of YAML) from the
 * CapabilityStatement on every request, which takes seconds even on an idle server, while what it describes changes
 * only when search parameters or profiles do.
 */
class CachedOpenApi extends OpenApiInterceptor {

	/** Long enough that Swagger UI opens at once, short enough that a new search parameter shows within minutes. */
	static final Duration KEEP = Duration.ofMinutes(10);

	private final List<OpenApiCustomizer> customizers;
	private final Cache<String, String> descriptions =
			Caffeine.newBuilder().expireAfterWrite(KEEP).maximumSize(20).build();

	CachedOpenApi(List<OpenApiCustomizer> customizers) {
		this.customizers = customizers;
	}

	/** Answers {@code /api-docs} from the cache, before HAPI's own handler (same pointcut, earlier) builds it again. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED, order = -1)
	public boolean serveCachedDescription(
			HttpServletRequest request, HttpServletResponse response, ServletRequestDetails details) throws IOException {
		if (!"/api-docs".equals(request.getPathInfo())) {
			return true;
		}
		String[] page = details.getParameters().get("page");
		String key = details.getFhirServerBase() + " " + (page == null || page.length == 0 ? "" : page[0]);
		String description = descriptions.get(key, unused -> Yaml.pretty(generateOpenApi(details)));
		response.setContentType("text/yaml");
		response.setStatus(200);
		response.getWriter().write(description);
		response.getWriter().close();
		return false;
	}

	@Override
	protected OpenAPI generateOpenApi(ServletRequestDetails request) {
		OpenAPI openApi = super.generateOpenApi(request);
		customizers.forEach(customizer -> customizer.customize(openApi, request.getFhirServerBase()));
		return openApi;
	}
}
