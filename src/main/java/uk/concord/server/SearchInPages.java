package uk.concord.server;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.PersistentIdToForcedIdMap;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.dao.ISearchBuilder;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

/**
 * Every resource a search matches, however many, for the server's own work: the search yields database keys only,
 * then each page of {@value #PAGE} keys is loaded by HAPI's search builder, in a read-only transaction of its own
 * (Hibernate then skips checking the loaded entities for changes before each query and at commit: 12 % of the review
 * job's run at 20,000 patients, bench/RESULTS.md run 42). HAPI's {@code searchForResources} loads all matches in one
 * transaction, in which Hibernate flushes every entity loaded so far before it loads each next chunk: quadratic in the
 * matches, 21 s for an organisation's 20,000 care teams and consents (runs 39 and 40); {@code searchForResourceIds}
 * loads each match's entity the same way.
 * A page is loaded by key, not searched for again: searched with the criteria, H2 went through every match testing
 * each against the page's ids, for every page; searched by {@code _id}, HAPI turned the FHIR ids back into the keys
 * it had just given (run 41). As in HAPI's own searches, which also load their matches after finding them, a resource
 * changed between the two steps is read as it is then, and one deleted meanwhile is left out. No access hook sees
 * these reads: the server's own, they are not shown to any client. Where most matches need no work, the caller names
 * the ids it wants loaded ({@link #forEachPageOf}) or asks only which ids exist ({@link #existing}): the review job
 * loaded 60,000 Tasks at 20,000 patients to find none to change (run 42).
 */
public class SearchInPages {

	static final int PAGE = 500;

	private final DaoRegistry daos;
	private final SearchBuilderFactory<JpaPid> builders;
	private final IHapiTransactionService transactions;
	private final IIdHelperService<JpaPid> identities;
	private final int page;

	SearchInPages(DaoRegistry daos, SearchBuilderFactory<JpaPid> builders, IHapiTransactionService transactions,
			IIdHelperService<JpaPid> identities) {
		this(daos, builders, transactions, identities, PAGE);
	}

	SearchInPages(DaoRegistry daos, SearchBuilderFactory<JpaPid> builders, IHapiTransactionService transactions,
			IIdHelperService<JpaPid> identities, int page) {
		this.daos = daos;
		this.builders = builders;
		this.transactions = transactions;
		this.identities = identities;
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
		return forEachPage(type, criteria, keys -> keys, stop, each);
	}

	/**
	 * As {@link #forEachPage}, but only the matches whose FHIR id {@code load} accepts are loaded and handed on (a page
	 * may then be empty); the others cost a key-to-id lookup, which HAPI keeps in its id cache.
	 */
	public boolean forEachPageOf(String type, SearchParameterMap criteria, Predicate<String> load, BooleanSupplier stop,
			Consumer<List<IBaseResource>> each) {
		return forEachPage(type, criteria, keys -> withIdsAccepted(keys, load), stop, each);
	}

	/** {@code toLoad} picks, inside each page's transaction, which of the page's keys are loaded. */
	private boolean forEachPage(String type, SearchParameterMap criteria, UnaryOperator<List<JpaPid>> toLoad,
			BooleanSupplier stop, Consumer<List<IBaseResource>> each) {
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
			each.accept(transactions.withSystemRequest().readOnly().execute(() -> {
				List<JpaPid> wanted = toLoad.apply(these);
				List<IBaseResource> loaded = new ArrayList<>(wanted.size());
				if (!wanted.isEmpty()) {
					builder.loadResourcesByPid(wanted, List.of(), loaded, false, request);
				}
				return loaded;
			}));
		}
		return true;
	}

	private List<JpaPid> withIdsAccepted(List<JpaPid> keys, Predicate<String> accepts) {
		PersistentIdToForcedIdMap<JpaPid> ids = identities.translatePidsToForcedIds(new HashSet<>(keys));
		return keys.stream()
				.filter(key -> ids.get(key).map(id -> accepts.test(new IdType(id).getIdPart())).orElse(false))
				.toList();
	}

	/** Which of these FHIR ids of one type name a resource that exists now (deleted ones do not): nothing is loaded. */
	public Set<String> existing(String type, Collection<String> ids) {
		if (ids.isEmpty()) {
			return Set.of();
		}
		List<IIdType> asked = ids.stream().<IIdType>map(id -> new IdType(type, id)).toList();
		return transactions.withSystemRequest().readOnly().execute(() -> identities
				.resolveResourceIdentities(RequestPartitionId.allPartitions(), asked,
						ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled())
				.keySet().stream().map(IIdType::getIdPart).collect(Collectors.toSet()));
	}
}
