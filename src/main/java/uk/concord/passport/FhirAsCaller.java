package uk.concord.passport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.gclient.IQuery;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.concord.security.BreakGlass;

/**
 * Asks this server's own FHIR endpoint, with the caller's bearer token (and break-glass reason), over HTTP with HAPI's
 * client: so the passport gets exactly what the FHIR API would give the caller, through the same scopes, consent,
 * patient boundary and audit record, and the passport keeps no copy of those rules.
 */
class FhirAsCaller {

	/** What the FHIR endpoint answered: its status and the Bundle, or the OperationOutcome of a refusal. */
	record Answer(int status, Optional<IBaseResource> resource) {
		boolean ok() {
			return status == 200 && resource.isPresent();
		}
	}

	private static final Logger log = LoggerFactory.getLogger(FhirAsCaller.class);

	private final IRestfulClientFactory clients;
	private final String fhirBasePath;

	FhirAsCaller(FhirContext fhir, String fhirBasePath) {
		// its own factory: the settings below are the passport's, not those of the server's shared FhirContext
		this.clients = new ApacheRestfulClientFactory(fhir);
		clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
		clients.setConnectTimeout(10_000);
		clients.setSocketTimeout(60_000);
		this.fhirBasePath = fhirBasePath;
	}

	/** {@code GET [base]/pathAndQuery} (a Bundle) as the caller of {@code request}; the query must be URL-encoded. */
	Answer get(HttpServletRequest request, String pathAndQuery) {
		IGenericClient client = clients.newGenericClient(base(request));
		client.setEncoding(EncodingEnum.JSON);
		IQuery<Bundle> call = client.search().byUrl(base(request) + "/" + pathAndQuery).returnBundle(Bundle.class);
		for (String header : new String[] {"Authorization", BreakGlass.HEADER}) {
			String value = request.getHeader(header);
			if (value != null) {
				call = call.withAdditionalHeader(header, value);
			}
		}
		try {
			return new Answer(200, Optional.of(call.execute()));
		} catch (FhirClientConnectionException e) {
			log.warn("The FHIR endpoint did not answer the passport's request: {}", e.toString());
			return new Answer(503, Optional.empty());
		} catch (BaseServerResponseException refused) {
			return new Answer(refused.getStatusCode(), Optional.ofNullable(refused.getOperationOutcome()));
		}
	}

	/** The FHIR endpoint on the connector this request came in on (not the public address, which may be a proxy). */
	private String base(HttpServletRequest request) {
		String host = request.getLocalAddr();
		if (host.contains(":")) {
			host = "[" + host + "]";
		}
		return "http://" + host + ":" + request.getLocalPort() + request.getContextPath() + fhirBasePath;
	}
}
