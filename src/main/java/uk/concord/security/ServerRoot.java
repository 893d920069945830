package uk.concord.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import uk.concord.server.ServerProperties;

/**
 * The address clients reach Concord at, without the FHIR base path: from {@code concord.server.public-base-url}
 * when set (behind a proxy), else from the request. Discovery documents, the CapabilityStatement and the token
 * endpoint's checks all name endpoints relative to it, so they agree with each other and with what clients call.
 */
public final class ServerRoot {

	private ServerRoot() {}

	public static String of(HttpServletRequest request, ServerProperties server) {
		String configured = server.publicBaseUrl();
		if (configured != null && !configured.isBlank()) {
			String base = configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
			return base.endsWith(server.basePath()) ? base.substring(0, base.length() - server.basePath().length()) : base;
		}
		return ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
	}

	/** For the current HTTP request (Spring's request context). */
	public static String ofCurrentRequest(ServerProperties server) {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			throw new IllegalStateException("No HTTP request on this thread");
		}
		return of(attributes.getRequest(), server);
	}
}
