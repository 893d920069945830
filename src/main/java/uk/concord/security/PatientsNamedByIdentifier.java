package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The patients a search names by their identifier through a chain ({@code subject:Patient.identifier=…},
 * {@code patient.identifier=…}): the GP lookup by NHS Number. Such a search can only find records in those patients'
 * compartments, so narrowing it to the ones among them the caller may reach gives the same answer as narrowing it to
 * every patient the caller may reach, and keeps the query small: with hundreds of reachable patients, a list of all
 * of them in the SQL made the GP lookup take 26 s at 300 patients (H2 compares an IN list value by value for each row).
 */
class PatientsNamedByIdentifier {

	private static final Pattern CHAIN = Pattern.compile("(subject|patient)(:Patient)?\\.identifier");

	private final DaoRegistry daos;
	private final IIdHelperService<JpaPid> ids;

	PatientsNamedByIdentifier(DaoRegistry daos, IIdHelperService<JpaPid> ids) {
		this.daos = daos;
		this.ids = ids;
	}

	/**
	 * {@code Patient/x} references of the patients the search names through an identifier chain; empty when it names
	 * none that way (then nothing can be said about the patients it may find).
	 */
	Optional<Set<String>> in(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		if (parameters == null) {
			return Optional.empty();
		}
		return parameters.entrySet().stream()
				.filter(parameter -> CHAIN.matcher(parameter.getKey()).matches())
				.findFirst()
				.map(parameter -> patientsWith(parameter.getValue()));
	}

	/** Every value of a repeated parameter must hold (AND); commas within a value are alternatives (OR). */
	private Set<String> patientsWith(String[] values) {
		Set<String> found = null;
		for (String value : values) {
			// Row keys only, named through HAPI's cache of key to id (a patient's id never changes): loading each
			// patient's row for its id was half of this lookup's time and 7 % of the GP lookup's (bench/RESULTS.md,
			// run 32). Nothing is parsed; the patients themselves are not needed.
			List<JpaPid> patients = daos.getResourceDao("Patient").searchForIds(
					SearchParameterMap.newSynchronous().add("identifier", anyOf(daos.getFhirContext(), value)),
					new SystemRequestDetails());
			Set<String> matching = patients.stream()
					// empty only for a patient expunged since the search: it names no one then
					.flatMap(patient -> ids.translatePidIdToForcedIdWithCache(patient).stream())
					.collect(Collectors.toSet());
			if (found == null) {
				found = matching;
			} else {
				found.retainAll(matching);
			}
		}
		return found == null ? Set.of() : found;
	}

	/** One value's identifiers, parsed as HAPI parses a token search ({@code \,} and {@code \|} are escapes). */
	static TokenOrListParam anyOf(FhirContext fhir, String value) {
		TokenOrListParam anyOf = new TokenOrListParam();
		anyOf.setValuesAsQueryTokens(
				fhir, "identifier", QualifiedParamList.splitQueryStringByCommasIgnoreEscape(null, value));
		return anyOf;
	}
}
