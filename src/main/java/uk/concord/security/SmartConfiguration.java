package uk.concord.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
import uk.concord.server.ServerProperties;

/**
 * SMART App Launch discovery: {@code /.well-known/smart-configuration}, at the server root and under the FHIR base
 * (where SMART clients look), and the matching {@code security} block of the CapabilityStatement. Both are written
 * from {@link AuthorizationServerMetadata}: the development server's own, or the external issuer's endpoints.
 */
@RestController
@Interceptor
class SmartConfiguration {

	static final String PATH = "/.well-known/smart-configuration";

	private static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

	private final AuthorizationServerMetadata.Source authorizationServer;
	private final ServerProperties server;
	private final ObjectMapper json = new ObjectMapper();

	SmartConfiguration(AuthorizationServerMetadata.Source authorizationServer, ServerProperties server) {
		this.authorizationServer = authorizationServer;
		this.server = server;
	}

	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> atRoot(HttpServletRequest request) {
		return document(ServerRoot.of(request, server));
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
		AuthorizationServerMetadata metadata = authorizationServer.describe(root(request.getFhirServerBase()));
		CapabilityStatement.CapabilityStatementRestSecurityComponent security =
				((CapabilityStatement) statement).getRestFirstRep().getSecurity();
		security.setCors(server.cors().enabled())
				.setDescription("OAuth 2.0 bearer tokens (SMART on FHIR v1 and v2 scopes); see " + PATH)
				.addService(new CodeableConcept().addCoding(new Coding(
						"http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
		Extension uris = security.addExtension().setUrl(OAUTH_URIS);
		if (metadata.tokenEndpoint() != null && !metadata.tokenEndpoint().isBlank()) {
			uris.addExtension("token", new UriType(metadata.tokenEndpoint()));
		}
		if (metadata.authorizationEndpoint() != null && !metadata.authorizationEndpoint().isBlank()) {
			uris.addExtension("authorize", new UriType(metadata.authorizationEndpoint()));
		}
	}

	/** SMART's document: the OAuth fields every discovery document shares, and SMART's capabilities. */
	Map<String, Object> document(String root) {
		AuthorizationServerMetadata metadata = authorizationServer.describe(root);
		Map<String, Object> document = metadata.oauthFields();
		document.put("capabilities", metadata.capabilities());
		return document;
	}

	/** The root of a FHIR base URL (which HAPI takes from {@code public-base-url} or the request, as ServerRoot does). */
	private String root(String fhirBase) {
		return fhirBase.endsWith(server.basePath()) ? fhirBase.substring(0, fhirBase.length() - server.basePath().length()) : fhirBase;
	}
}
