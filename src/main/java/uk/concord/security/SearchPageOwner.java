package uk.concord.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.codec.digest.DigestUtils;
import uk.concord.server.StoredResources;

/**
 * A page of search results ({@code ?_getpages=<search id>}) goes only to the caller whose search made it: a paging
 * link passed to, or taken by, another token is refused. The owner is written into the stored search itself (its
 * query string, which only the server sees), so every node of a cluster can check it and none has to remember it.
 * Before the owner goes the count of writes the database had committed when the search was made
 * ({@link StoredResources#writesMark}), where this server can know it: HAPI reuses a stored search for an equal
 * query string ({@link OwnSearchesReused}), so a search is reused only for its own caller, and only while nothing has
 * been written since. Concord's own searches, run with HAPI's system request, are never reused.
 */
@Interceptor
class SearchPageOwner {

	private static final String MARKER = "&_concord-page-owner=";
	private static final String WRITES = "&_concord-writes-before=";

	private final ISearchCacheSvc searches;
	private final StoredResources stored;

	SearchPageOwner(ISearchCacheSvc searches, StoredResources stored) {
		this.searches = searches;
		this.stored = stored;
	}

	/** The query string a search of {@code caller}'s is stored under, and looked up by when it could be reused. */
	static String ownersQuery(String query, Optional<String> writes, Caller caller) {
		String written = writes.map(mark -> WRITES + mark).orElse("");
		return (query == null ? "" : query) + written + MARKER + owner(caller);
	}

	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void recordOwner(ICachedSearchDetails details, RequestDetails request) {
		if (request == null || !(details instanceof Search search)) {
			return;
		}
		Caller caller = Caller.of(request);
		if (caller.isInternal()) {
			return;
		}
		// taken before the search runs: a write committed meanwhile changes the count, so the search is not reused
		Optional<String> writes = this.stored.writesMark();
		// the string is stored as given when it names all partitions (Concord does not partition)
		search.setSearchQueryString(ownersQuery(search.getSearchQueryString(), writes, caller),
				RequestPartitionId.allPartitions());
	}

	/** Whether HAPI may look for a stored search to reuse: for clients' searches, not for Concord's own. */
	@Hook(Pointcut.STORAGE_PRECHECK_FOR_CACHED_SEARCH)
	public boolean reusedOnlyForClients(RequestDetails request) {
		return request != null && !Caller.of(request).isInternal();
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void checkOwner(RequestDetails request) {
		if (request.getRestOperationType() != RestOperationTypeEnum.GET_PAGE) {
			return;
		}
		Caller caller = Caller.of(request);
		String[] ids = request.getParameters().get(Constants.PARAM_PAGINGACTION);
		if (caller.isInternal() || ids == null || ids.length != 1) {
			return;
		}
		Optional<Search> search = searches.fetchByUuid(ids[0], RequestPartitionId.allPartitions());
		// an unknown or expired search is HAPI's to answer (410 Gone)
		if (search.isPresent() && !ownedBy(search.get(), caller)) {
			throw new ForbiddenOperationException("Refused this page of search results: it belongs to a search made by"
					+ " another caller. Repeat the search with your own token.");
		}
	}

	private static boolean ownedBy(Search search, Caller caller) {
		String query = search.getSearchQueryString();
		return query != null && query.endsWith(MARKER + owner(caller));
	}

	/** Who the caller is, as far as what it may see goes; a digest, so the stored search holds no names. */
	static String owner(Caller caller) {
		String who = String.join("\n", String.valueOf(caller.clientId()), String.valueOf(caller.subject()),
				String.valueOf(caller.fhirUser()), String.valueOf(caller.organisation()),
				String.valueOf(caller.patient()), String.join(" ", new TreeSet<>(caller.scopes().raw())));
		// the first 16 bytes of its SHA-256, in hex
		return DigestUtils.sha256Hex(who).substring(0, 32);
	}
}
