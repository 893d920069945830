package uk.concord.server;

import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What HAPI's own tables say about stored resources, read without loading any resource body: cheap, indexed looks for
 * features that keep an answer or a copy derived from some resources and must know when it is out of date. They see
 * what every node of a cluster committed.
 */
public class StoredResources {

	/**
	 * A resource's current version; {@code deleted} when that version is a deletion; {@code pid} the database key that
	 * {@code IFhirResourceDao.readByPid} reads it by (no look-up of the FHIR id).
	 */
	public record Change(String type, String id, long version, boolean deleted, IResourcePersistentId<?> pid) {}

	private final EntityManagerFactory entityManagerFactory;
	/** Present when this process is the database's only writer: then its own count of writes is the whole story. */
	private final Optional<CommittedWrites> soleWriter;

	StoredResources(EntityManagerFactory entityManagerFactory, Optional<CommittedWrites> soleWriter) {
		this.entityManagerFactory = entityManagerFactory;
		this.soleWriter = soleWriter;
	}

	/**
	 * A number that changes whenever a write of a resource of these types commits, anywhere, and otherwise stays the
	 * same: compare two answers to know whether such a write happened between them. On a database only this process
	 * can write (embedded H2), this server's own count of the writes it committed; on a shared database (PostgreSQL,
	 * a cluster), the number of stored versions of those types, read from HAPI's history index on the type (every
	 * create, update and delete adds a version row; expunge, the only thing that removes them, is off). That count
	 * reads every version row of the types, so it grows with the records: it was a fifth of the GP lookup's time at
	 * 10,000 patients (bench/RESULTS.md, run 19).
	 */
	public long versionsOf(Collection<String> types) {
		if (soleWriter.isPresent()) {
			return soleWriter.get().of(types);
		}
		return read(entityManager -> entityManager.createQuery(
						"select count(h) from ResourceHistoryTable h where h.myResourceType in :types", Long.class)
				.setParameter("types", types)
				.getSingleResult());
	}

	/**
	 * The resources of {@code types} whose current version was written at or after {@code since}. Never AuditEvents:
	 * the audit trail writes most of the rows, and no feature keeps a copy of them.
	 */
	public List<Change> changedSince(Date since, Collection<String> types) {
		// the time selects the rows, so that H2 reads the span from the index on RES_UPDATED; with the types as an IN
		// list it went through the type index and tested every row of those types (the whole population). The
		// inequality uses no index: H2 still visits the audit trail's rows in the span, but no longer returns them.
		return read(entityManager -> entityManager.createQuery(
						"select r.myResourceType, r.myFhirId, r.myVersion, r.myDeleted, r.myPid"
								+ " from ResourceTable r where r.myUpdated >= :since and r.myResourceType <> 'AuditEvent'",
						Object[].class)
				.setParameter("since", since)
				.getResultStream()
				.filter(row -> types.contains((String) row[0]))
				.map(row -> new Change((String) row[0], (String) row[1], (Long) row[2], row[3] != null,
						(IResourcePersistentId<?>) row[4]))
				.toList());
	}

	private <T> T read(Function<EntityManager, T> query) {
		EntityManager entityManager = entityManagerFactory.createEntityManager();
		try {
			return query.apply(entityManager);
		} finally {
			entityManager.close();
		}
	}
}
