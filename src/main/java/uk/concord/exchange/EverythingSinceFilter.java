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
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Incremental sync on {@code Patient/[id]/$everything}: HAPI 8.8 accepts {@code _since} and {@code _lastUpdated}
 * there but does not apply them (hapifhir/hapi-fhir#8039), so every poll would return the whole record. This keeps,
 * on every page of the answer, only the resources last updated inside the requested range. Later pages are fetched
 * by search id ({@code _getpages}), so the range is remembered per search. {@code total} is dropped: it counted the
 * unfiltered record.
 */
@Interceptor
class EverythingSinceFilter {

	private static final int REMEMBERED_SEARCHES = 1000;

	private final FhirContext fhir;
	private final Map<String, DateRangeParam> rangeBySearch = Collections.synchronizedMap(
			new LinkedHashMap<>(16, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, DateRangeParam> eldest) {
					return size() > REMEMBERED_SEARCHES;
				}
			});

	EverythingSinceFilter(FhirContext fhir) {
		this.fhir = fhir;
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void filter(RequestDetails request, IBaseResource response) {
		if (!(response instanceof Bundle bundle)) {
			return;
		}
		DateRangeParam range = rangeFor(request);
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
		Bundle.BundleLinkComponent next = bundle.getLink(Bundle.LINK_NEXT);
		if (next != null) {
			String searchId = UriComponentsBuilder.fromUriString(next.getUrl()).build().getQueryParams()
					.getFirst(Constants.PARAM_PAGINGACTION);
			if (searchId != null) {
				rangeBySearch.put(searchId, range);
			}
		}
	}

	private DateRangeParam rangeFor(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		if (!"$everything".equals(request.getOperation())) {
			String[] searchId = parameters.get(Constants.PARAM_PAGINGACTION);
			return searchId == null ? null : rangeBySearch.get(searchId[0]);
		}
		String[] since = parameters.get(Constants.PARAM_SINCE);
		if (since != null && since.length > 0) {
			return new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since[0]));
		}
		String[] lastUpdated = parameters.get(Constants.PARAM_LASTUPDATED);
		if (lastUpdated != null && lastUpdated.length > 0) {
			DateRangeParam range = new DateRangeParam();
			range.setValuesAsQueryTokens(
					fhir, Constants.PARAM_LASTUPDATED, Arrays.stream(lastUpdated).map(QualifiedParamList::singleton).toList());
			return range;
		}
		return null;
	}
}
