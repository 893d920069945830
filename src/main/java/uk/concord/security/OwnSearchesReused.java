package uk.concord.security;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.search.cache.DatabaseSearchCacheSvcImpl;
import java.time.Instant;
import java.util.Optional;
import uk.concord.server.StoredResources;

/**
 * HAPI's store of searches, looking for one to reuse under the query string {@link SearchPageOwner} stores searches
 * under: the caller's own, made when the database had committed as many writes as it has now. HAPI looks for its
 * bare query string, which no stored client search has, so without this nothing would be reused; with it, the same
 * caller repeating a full-text search within HAPI's reuse window is answered from the stored one until anything is
 * written. Where the count of writes is unknown (a shared database), nothing is reused.
 */
class OwnSearchesReused extends DatabaseSearchCacheSvcImpl {

	private final StoredResources stored;

	OwnSearchesReused(StoredResources stored) {
		this.stored = stored;
	}

	@Override
	public Optional<Search> findCandidatesForReuse(String resourceType, String queryString, Instant createdAfter,
			RequestPartitionId partition) {
		// HAPI asks on the thread serving the request, and only once SearchPageOwner let it (never for Concord's own
		// searches, which run with HAPI's system request and so are never the thread's caller)
		Optional<Caller> caller = Caller.ofThisThreadsRequest();
		Optional<String> writes = stored.writesMark();
		if (caller.isEmpty() || writes.isEmpty()) {
			return Optional.empty();
		}
		// stored as naming all partitions, whatever HAPI would name here (Concord does not partition)
		return super.findCandidatesForReuse(resourceType,
				SearchPageOwner.ownersQuery(queryString, writes, caller.get()), createdAfter,
				RequestPartitionId.allPartitions());
	}
}
