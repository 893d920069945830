package uk.concord.server;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.ISearchBuilder;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Every resource a search matches, however many, for the server's own work: the search yields database keys only,
 * then each page of {@value #PAGE} keys is loaded by HAPI's search builder, in a transaction of its own. HAPI's
 * {@code searchForResources} loads all matches in one transaction, in which Hibernate flushes every entity loaded so
 * far before it loads each next chunk: quadratic in the matches, 21 s for an organisation's 20,000 care teams and
 * consents (bench/RESULTS.md, runs 39 and 40); {@code searchForResourceIds} loads each match's entity the same way.
 * A page is loaded by key, not searched for again: searched with the criteria, H2 went through every match testing
 * each against the page's ids, for every page; searched by {@code _id}, HAPI turned the FHIR ids back into the keys
 * it had just given (run 41). As in HAPI's own searches, which also load their matches after finding them, a resource
 * changed between the two steps is read as it is then, and one deleted meanwhile is left out. No access hook sees
 * these reads: the server's own, they are not shown to any client.
 */
public class SearchInPages {

	static final int PAGE = 500;

	private final DaoRegistry daos;
	private final SearchBuilderFactory<JpaPid> builders;
	private final IHapiTransactionService transactions;
	private final int page;

	SearchInPages(DaoRegistry daos, SearchBuilderFactory<JpaPid> builders, IHapiTransactionService transactions) {
		this(daos, builders, transactions, PAGE);
	}

	SearchInPages(DaoRegistry daos, SearchBuilderFactory<JpaPid> builders, IHapiTransactionService transactions,
			int page) {
		this.daos = daos;
		this.builders = builders;
		this.transactions = transactions;
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
	 * so before the last page. {@code each} runs outside any transaction: it may write.
	 */
	public boolean forEachPage(String type, SearchParameterMap criteria, BooleanSupplier stop,
			Consumer<List<IBaseResource>> each) {
		IFhirResourceDao<?> dao = daos.getResourceDao(type);
		// all of them: without a limit, HAPI stops a search for keys at 10,000
		List<JpaPid> keys = dao.searchForIds(criteria.clone().setLoadSynchronousUpTo(Integer.MAX_VALUE),
				new SystemRequestDetails());
		ISearchBuilder<JpaPid> builder = builders.newSearchBuilder(type, dao.getResourceType());
		for (int from = 0; from < keys.size(); from += page) {
			if (stop.getAsBoolean()) {
				return false;
			}
			List<JpaPid> these = keys.subList(from, Math.min(keys.size(), from + page));
			SystemRequestDetails request = new SystemRequestDetails();
			each.accept(transactions.withSystemRequest().execute(() -> {
				List<IBaseResource> loaded = new ArrayList<>(these.size());
				builder.loadResourcesByPid(these, List.of(), loaded, false, request);
				return loaded;
			}));
		}
		return true;
	}

	/** The resources of one type with these FHIR ids that exist now (deleted ones are not found): at most a page. */
	public List<IBaseResource> withIds(String type, Collection<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add("_id", new TokenOrListParam(null, ids.toArray(String[]::new)));
		return daos.getResourceDao(type).searchForResources(search, new SystemRequestDetails());
	}
}
