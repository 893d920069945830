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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A page of search results ({@code ?_getpages=<search id>}) goes only to the caller whose search made it: a paging
 * link passed to, or taken by, another token is refused. The owner is written into the stored search itself (its
 * query string, which only the server sees), so every node of a cluster can check it and none has to remember it;
 * as a side effect, one caller's search is never reused for another's.
 */
@Interceptor
class SearchPageOwner {

	private static final String MARKER = "&_concord-page-owner=";

	private final ISearchCacheSvc searches;

	SearchPageOwner(ISearchCacheSvc searches) {
		this.searches = searches;
	}

	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void recordOwner(ICachedSearchDetails search, RequestDetails request) {
		if (request == null || !(search instanceof Search stored)) {
			return;
		}
		Caller caller = Caller.of(request);
		if (caller.isInternal()) {
			return;
		}
		String query = stored.getSearchQueryString() == null ? "" : stored.getSearchQueryString();
		// the string is stored as given when it names all partitions (Concord does not partition)
		stored.setSearchQueryString(query + MARKER + owner(caller), RequestPartitionId.allPartitions());
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
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(who.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
