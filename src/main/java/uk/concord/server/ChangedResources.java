package uk.concord.server;

import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * Which stored resources of some types changed since a moment, from HAPI's resource table alone (type, id, current
 * version, deleted or not): a cheap, indexed look that reads no resource body, for features that keep a copy of some
 * resources up to date. It sees what every node of a cluster committed.
 */
public class ChangedResources {

	/**
	 * A resource's current version; {@code deleted} when that version is a deletion; {@code pid} the database key that
	 * {@code IFhirResourceDao.readByPid} reads it by (no look-up of the FHIR id).
	 */
	public record Change(String type, String id, long version, boolean deleted, IResourcePersistentId<?> pid) {}

	private final EntityManagerFactory entityManagerFactory;

	ChangedResources(EntityManagerFactory entityManagerFactory) {
		this.entityManagerFactory = entityManagerFactory;
	}

	/**
	 * The resources of {@code types} whose current version was written at or after {@code since}. Never AuditEvents:
	 * the audit trail writes most of the rows, and no feature keeps a copy of them.
	 */
	public List<Change> since(Date since, Collection<String> types) {
		EntityManager entityManager = entityManagerFactory.createEntityManager();
		try {
			// the time selects the rows, so that H2 reads the span from the index on RES_UPDATED; with the types as an IN
			// list it went through the type index and tested every row of those types (the whole population). The
			// inequality uses no index: H2 still visits the audit trail's rows in the span, but no longer returns them.
			return entityManager.createQuery("select r.myResourceType, r.myFhirId, r.myVersion, r.myDeleted, r.myPid"
							+ " from ResourceTable r where r.myUpdated >= :since and r.myResourceType <> 'AuditEvent'",
							Object[].class)
					.setParameter("since", since)
					.getResultStream()
					.filter(row -> types.contains((String) row[0]))
					.map(row -> new Change((String) row[0], (String) row[1], (Long) row[2], row[3] != null,
							(IResourcePersistentId<?>) row[4]))
					.toList();
		} finally {
			entityManager.close();
		}
	}
}
