package uk.concord.server;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Every resource a search matches, however many, for the server's own work: the search yields database keys only,
 * then each page of {@value #PAGE} is read by its ids alone, in a transaction of its own. HAPI's
 * {@code searchForResources} reads all matches in one transaction, in which Hibernate flushes every entity loaded so
 * far before it loads each next chunk: quadratic in the matches, 21 s for an organisation's 20,000 care teams and
 * consents (bench/RESULTS.md, runs 39 and 40); {@code searchForResourceIds} loads each match's entity the same way.
 * A page is not searched with the criteria again: H2 then went through every match of the criteria testing each
 * against the page's ids, for every page. As in HAPI's own searches, which also load their matches after finding
 * them, a resource changed between the two steps is read as it is then, and one deleted meanwhile is left out.
 */
public class SearchInPages {

	static final int PAGE = 500;

	private final DaoRegistry daos;
	private final StoredResources stored;
	private final int page;

	SearchInPages(DaoRegistry daos, StoredResources stored) {
		this(daos, stored, PAGE);
	}

	SearchInPages(DaoRegistry daos, StoredResources stored, int page) {
		this.daos = daos;
		this.stored = stored;
		this.page = page;
	}

	/** All the matches of a search. */
	public List<IBaseResource> all(String type, SearchParameterMap criteria) {
		List<IBaseResource> all = new ArrayList<>();
		forEachPage(type, criteria, () -> false, all::addAll);
		return all;
	}

	/**
	 * Hands the matches to {@code each} a page at a time, so that memory holds one page; false when {@code stop} said
	 * so before the last page.
	 */
	public boolean forEachPage(String type, SearchParameterMap criteria, BooleanSupplier stop,
			Consumer<List<IBaseResource>> each) {
		// all of them: without a limit, HAPI stops a search for keys at 10,000
		criteria.setLoadSynchronousUpTo(Integer.MAX_VALUE);
		List<JpaPid> keys = daos.getResourceDao(type).searchForIds(criteria, new SystemRequestDetails());
		List<String> ids = stored.fhirIdsOf(keys.stream().map(JpaPid::getId).toList());
		for (int from = 0; from < ids.size(); from += page) {
			if (stop.getAsBoolean()) {
				return false;
			}
			TokenOrListParam these = new TokenOrListParam();
			ids.subList(from, Math.min(ids.size(), from + page)).forEach(id -> these.addOr(new TokenParam(id)));
			SearchParameterMap search = SearchParameterMap.newSynchronous().add("_id", these);
			each.accept(daos.getResourceDao(type).searchForResources(search, new SystemRequestDetails()));
		}
		return true;
	}
}
