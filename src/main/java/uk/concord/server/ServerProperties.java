package uk.concord.server;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Settings of the FHIR endpoint itself ({@code concord.server.*}). Every key is documented in README.md.
 *
 * @param basePath        path the FHIR API is served under, e.g. {@code /fhir}
 * @param dataDir         folder for the embedded database and the Lucene index
 * @param publicBaseUrl   base URL clients see (behind a proxy); empty = taken from each request
 * @param defaultPageSize search page size when the client gives no {@code _count}
 * @param maxPageSize     largest {@code _count} honoured
 * @param narratives      generate narratives for resources that have none
 * @param openapi         serve the OpenAPI description and Swagger UI
 * @param cors            cross-origin access for browser apps
 * @param maxRequestBytes largest request body accepted; larger ones are refused with 413
 * @param cluster         one of several nodes sharing a PostgreSQL database: HAPI's clustered jobs run once per
 *                        cluster (see {@link ConcordSchedulerService})
 */
@Validated
@ConfigurationProperties("concord.server")
public record ServerProperties(
		@NotBlank @Pattern(regexp = "/[A-Za-z0-9/_-]*[A-Za-z0-9_-]", message = "must start with / and not end with /")
				String basePath,
		@NotBlank String dataDir,
		String publicBaseUrl,
		@Min(1) @Max(1000) int defaultPageSize,
		@Min(1) @Max(5000) int maxPageSize,
		boolean narratives,
		boolean openapi,
		@NotNull @Valid Cors cors,
		@Min(1024) long maxRequestBytes,
		boolean cluster) {

	/**
	 * @param enabled        off by default: a FHIR API used by other systems needs no browser origins
	 * @param allowedOrigins origin patterns allowed when enabled, e.g. {@code https://*.nhs.uk}
	 */
	public record Cors(boolean enabled, @NotNull List<String> allowedOrigins) {

		/** What browsers on the allowed origins may do: the FHIR API's and the authorization server's one policy. */
		public CorsConfiguration configuration() {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOriginPatterns(allowedOrigins);
			cors.setAllowedHeaders(List.of(
					"Origin", "Accept", "Content-Type", "Authorization", "Cache-Control", "If-Match", "If-None-Exist",
					"Prefer", "X-Requested-With"));
			cors.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified"));
			cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"));
			return cors;
		}
	}
}
