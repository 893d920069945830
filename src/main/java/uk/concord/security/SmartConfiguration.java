package uk.concord.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * SMART App Launch discovery: {@code /.well-known/smart-configuration}, at the server root and under the FHIR base
 * (where SMART clients look), and the matching {@code security} block of the CapabilityStatement. With the
 * development server on, the endpoints are Concord's own; otherwise those configured for the external issuer.
 */
@RestController
@Interceptor
class SmartConfiguration {

	static final String PATH = "/.well-known/smart-configuration";

	private static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

	private final SecurityProperties properties;
	private final ObjectMapper json = new ObjectMapper();

	SmartConfiguration(SecurityProperties properties) {
		this.properties = properties;
	}

	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> atRoot(HttpServletRequest request) {
		return document(ServletUriComponentsBuilder.fromContextPath(request).toUriString());
	}

	/** The same document under the FHIR base, answered before HAPI looks for a resource type called ".well-known". */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
	public boolean underFhirBase(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"GET".equals(request.getMethod()) || !request.getRequestURI().endsWith(PATH)) {
			return true;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		json.writeValue(response.getOutputStream(), atRoot(request));
		return false;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void advertise(IBaseConformance statement, RequestDetails request) {
		String root = root(request.getFhirServerBase());
		CapabilityStatement.CapabilityStatementRestSecurityComponent security =
				((CapabilityStatement) statement).getRestFirstRep().getSecurity();
		security.setCors(true)
				.setDescription("OAuth 2.0 bearer tokens (SMART on FHIR v1 and v2 scopes); see " + PATH)
				.addService(new CodeableConcept().addCoding(new Coding(
						"http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART on FHIR")));
		Extension uris = security.addExtension().setUrl(OAUTH_URIS);
		uris.addExtension("token", new UriType(tokenEndpoint(root)));
		if (authorizeEndpoint() != null) {
			uris.addExtension("authorize", new UriType(authorizeEndpoint()));
		}
	}

	Map<String, Object> document(String root) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", properties.issuer());
		document.put("jwks_uri", jwksUri(root));
		if (authorizeEndpoint() != null) {
			document.put("authorization_endpoint", authorizeEndpoint());
		}
		document.put("token_endpoint", tokenEndpoint(root));
		document.put("grant_types_supported", properties.devServer().enabled()
				? List.of("client_credentials")
				: List.of("authorization_code", "client_credentials"));
		document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
		document.put("scopes_supported", List.of(
				"system/*.cruds", "user/*.rs", "patient/*.rs", "system/AuditEvent.rs", "system/*.read", "user/*.read",
				"patient/*.read"));
		document.put("response_types_supported", List.of("token"));
		document.put("code_challenge_methods_supported", List.of("S256"));
		document.put("capabilities", List.of(
				"client-confidential-symmetric", "permission-v1", "permission-v2", "permission-patient",
				"permission-user", "context-standalone-patient"));
		return document;
	}

	private String tokenEndpoint(String root) {
		return properties.devServer().enabled() ? root + "/oauth2/token" : properties.tokenEndpoint();
	}

	private String jwksUri(String root) {
		return properties.devServer().enabled() ? root + "/oauth2/jwks" : properties.jwkSetUri();
	}

	private String authorizeEndpoint() {
		String endpoint = properties.authorizeEndpoint();
		return endpoint == null || endpoint.isBlank() ? null : endpoint;
	}

	private static String root(String fhirBase) {
		int path = fhirBase.indexOf('/', fhirBase.indexOf("//") + 2);
		return path < 0 ? fhirBase : fhirBase.substring(0, path);
	}
}
