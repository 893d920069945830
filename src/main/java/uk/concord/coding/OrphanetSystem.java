package uk.concord.coding;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.FhirTerser;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import uk.concord.record.Vocabulary;

/**
 * ORPHAcodes have one system in Concord, {@value Vocabulary#ORPHANET}. Systems that send the older
 * {@value Vocabulary#ORPHANET_HTTP} are accepted; their codings are stored with the https system (in every coded
 * element of every resource), so the documented search {@code code=https://www.orpha.net|558} finds them, and a search
 * that names the http system is read as the https one, so it finds them too.
 */
@Interceptor
class OrphanetSystem {

	/** The http system as a search value's system: at the start of the value or of one of its comma-separated ORs. */
	private static final Pattern HTTP_IN_SEARCH =
			Pattern.compile("(^|,)" + Pattern.quote(Vocabulary.ORPHANET_HTTP + "|"));

	private final FhirTerser terser;

	OrphanetSystem(FhirContext fhir) {
		this.terser = fhir.newTerser();
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		normalise(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		normalise(resource);
	}

	private void normalise(IBaseResource resource) {
		for (Coding coding : terser.getAllPopulatedChildElementsOfType(resource, Coding.class)) {
			if (Vocabulary.ORPHANET_HTTP.equals(coding.getSystem())) {
				coding.setSystem(Vocabulary.ORPHANET);
			}
		}
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void searched(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		if (parameters == null || parameters.values().stream().flatMap(java.util.Arrays::stream)
				.noneMatch(value -> value != null && value.contains(Vocabulary.ORPHANET_HTTP + "|"))) {
			return;
		}
		Map<String, String[]> normalised = new HashMap<>();
		parameters.forEach((name, values) -> {
			String[] copy = values.clone();
			for (int i = 0; i < copy.length; i++) {
				if (copy[i] != null) {
					copy[i] = HTTP_IN_SEARCH.matcher(copy[i])
							.replaceAll("$1" + Matcher.quoteReplacement(Vocabulary.ORPHANET + "|"));
				}
			}
			normalised.put(name, copy);
		});
		request.setParameters(normalised);
	}
}
