package uk.concord.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Incremental sync on {@code Patient/[id]/$everything}: HAPI 8.8 accepts {@code _since} and {@code _lastUpdated}
 * there but does not apply them (hapifhir/hapi-fhir#8039), so every poll would return the whole record. This keeps,
 * on every page of the answer, only the resources last updated inside the requested range. Later pages are fetched
 * by search id ({@code _getpages}); their links carry the range along, so any node of a cluster can serve them and
 * no node remembers anything. {@code total} is dropped: it counted the unfiltered record.
 */
@Interceptor
class EverythingSinceFilter {

	private static final List<String> PAGE_LINKS = List.of(Bundle.LINK_NEXT, Bundle.LINK_PREV, "previous");

	private final FhirContext fhir;

	EverythingSinceFilter(FhirContext fhir) {
		this.fhir = fhir;
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void filter(RequestDetails request, IBaseResource response) {
		if (!(response instanceof Bundle bundle) || !isEverythingOrItsPage(request)) {
			return;
		}
		Map<String, String[]> rangeParameters = rangeParameters(request);
		DateRangeParam range = range(rangeParameters);
		if (range == null) {
			return;
		}
		Date from = range.getLowerBoundAsInstant();
		Date to = range.getUpperBoundAsInstant();
		bundle.getEntry().removeIf(entry -> {
			Date updated = entry.getResource() == null ? null : entry.getResource().getMeta().getLastUpdated();
			return updated == null || (from != null && updated.before(from)) || (to != null && updated.after(to));
		});
		bundle.setTotalElement(null);
		for (Bundle.BundleLinkComponent link : bundle.getLink()) {
			if (PAGE_LINKS.contains(link.getRelation()) && link.getUrl().contains(Constants.PARAM_PAGINGACTION + "=")) {
				link.setUrl(withParameters(link.getUrl(), rangeParameters));
			}
		}
	}

	/** A page of a search is fetched by id alone; only links this filter wrote carry a range along with it. */
	private static boolean isEverythingOrItsPage(RequestDetails request) {
		return "$everything".equals(request.getOperation())
				|| request.getParameters().containsKey(Constants.PARAM_PAGINGACTION);
	}

	private static Map<String, String[]> rangeParameters(RequestDetails request) {
		Map<String, String[]> found = new LinkedHashMap<>();
		for (String name : List.of(Constants.PARAM_SINCE, Constants.PARAM_LASTUPDATED)) {
			String[] values = request.getParameters().get(name);
			if (values != null && values.length > 0) {
				found.put(name, values);
			}
		}
		return found;
	}

	private DateRangeParam range(Map<String, String[]> parameters) {
		String[] since = parameters.get(Constants.PARAM_SINCE);
		if (since != null) {
			return new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since[0]));
		}
		String[] lastUpdated = parameters.get(Constants.PARAM_LASTUPDATED);
		if (lastUpdated != null) {
			DateRangeParam range = new DateRangeParam();
			range.setValuesAsQueryTokens(
					fhir, Constants.PARAM_LASTUPDATED, Arrays.stream(lastUpdated).map(QualifiedParamList::singleton).toList());
			return range;
		}
		return null;
	}

	private static String withParameters(String url, Map<String, String[]> parameters) {
		StringBuilder withRange = new StringBuilder(url);
		parameters.forEach((name, values) -> {
			for (String value : values) {
				withRange.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
			}
		});
		return withRange.toString();
	}
}
