package uk.concord.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import ca.uhn.fhir.util.UrlUtil;
import java.util.Map;
import java.util.StringJoiner;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A client's search is answered page by page, each page a query of its own ({@code _offset}), and nothing of it is
 * stored. HAPI's default stores every search (a row, its result ids, several commits, each written to the file before
 * it returns) so that {@code _getpages} links can page through it later; most searches a clinical system makes
 * (a patient's care plan, a patient by NHS Number, the GP lookup) fit in one page, and paid that for nothing. A link
 * that holds no state also works on every node of a cluster and gives whoever follows it only what their own search
 * would, narrowed again.
 *
 * <p>Pages are in the order the client asked ({@code _sort}) and then in the order the records were first stored,
 * so that consecutive pages neither repeat nor skip a record the database holds throughout; a record created while a
 * client pages comes last, one deleted meanwhile moves the later pages up by one. {@code $everything} and history
 * keep HAPI's stored pages, and so do full-text searches ({@code _content}, {@code _text}). Internal searches
 * (Concord's own, with HAPI's system request, or run by an operation) are not touched.
 */
@Interceptor
class SearchesPagedByOffset {

	private static final String INSERTION_ORDER = Constants.PARAM_PID;

	private final int defaultPageSize;

	SearchesPagedByOffset(int defaultPageSize) {
		this.defaultPageSize = defaultPageSize;
	}

	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void answerWithoutStoring(RequestDetails request, ICachedSearchDetails stored, SearchParameterMap search) {
		// the search the client asked for, not one a feature runs for it on the same request (those see every match)
		if (!isClientsOwnSearch(request) || !stored.getResourceType().equals(request.getResourceName())
				|| search.getEverythingMode() != null || isFullText(search)
				|| Integer.valueOf(0).equals(search.getCount())) {
			return;
		}
		if (search.getCount() == null) {
			search.setCount(defaultPageSize); // an offset page needs its size (HAPI caps a client's _count itself)
		}
		if (search.getOffset() == null) {
			search.setOffset(0);
		}
		search.setSort(withInsertionOrderLast(search.getSort()));
	}

	/**
	 * The links HAPI makes repeat every parameter the request holds after Concord narrowed it (a clinician's token
	 * adds every patient it may reach: 6 KB of URL for the GP token on 300 patients, so Tomcat's 8 KB default would
	 * refuse the link at some 400): a link carries what the client asked, and the page, and is narrowed again when
	 * followed.
	 */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void linksCarryTheClientsOwnQuery(RequestDetails request, IBaseResource response) {
		if (!(response instanceof Bundle bundle) || !isClientsOwnSearch(request)) {
			return;
		}
		Map<String, String[]> asked = ((ServletRequestDetails) request).getServletRequest().getParameterMap();
		for (Bundle.BundleLinkComponent link : bundle.getLink()) {
			String url = link.getUrl();
			int query = url == null ? -1 : url.indexOf('?');
			if (query < 0) {
				continue;
			}
			Map<String, String[]> made = UrlUtil.parseQueryString(url.substring(query + 1));
			if (made.containsKey(Constants.PARAM_PAGINGACTION)) {
				continue; // a stored search's page (full text)
			}
			StringJoiner rebuilt = new StringJoiner("&", url.substring(0, query + 1), "");
			asked.forEach((name, values) -> {
				if (!name.equals(Constants.PARAM_OFFSET) && !name.equals(Constants.PARAM_COUNT)) {
					for (String value : values) {
						rebuilt.add(UrlUtil.escapeUrlParam(name) + "=" + UrlUtil.escapeUrlParam(value));
					}
				}
			});
			for (String paging : new String[] {Constants.PARAM_COUNT, Constants.PARAM_OFFSET}) {
				if (made.containsKey(paging)) {
					rebuilt.add(paging + "=" + made.get(paging)[0]);
				}
			}
			link.setUrl(rebuilt.toString());
		}
	}

	/**
	 * Full-text matches come from the index, which cannot order by when records were stored, and HAPI applies an
	 * offset to each chunk of them separately: those searches keep HAPI's stored pages.
	 */
	private static boolean isFullText(SearchParameterMap search) {
		return search.containsKey(Constants.PARAM_CONTENT) || search.containsKey(Constants.PARAM_TEXT);
	}

	private static boolean isClientsOwnSearch(RequestDetails request) {
		return request instanceof ServletRequestDetails && request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE;
	}

	private static SortSpec withInsertionOrderLast(SortSpec sort) {
		if (sort == null) {
			return new SortSpec(INSERTION_ORDER);
		}
		for (SortSpec part = sort; !INSERTION_ORDER.equals(part.getParamName()); part = part.getChain()) {
			if (part.getChain() == null) {
				part.setChain(new SortSpec(INSERTION_ORDER));
				break;
			}
		}
		return sort;
	}
}
