package uk.concord.server;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Collection;

/**
 * How many versions of some resource types are stored: a number that changes whenever a write of one of them commits,
 * on any node of a cluster, because every create, update and delete adds a version row (and expunge, the only thing
 * that removes them, is off). Features that keep an answer derived from those types compare it before reusing the
 * answer. Read from HAPI's history index on the type, no resource body.
 */
public class StoredVersions {

	private final EntityManagerFactory entityManagerFactory;

	StoredVersions(EntityManagerFactory entityManagerFactory) {
		this.entityManagerFactory = entityManagerFactory;
	}

	/** The number of stored versions of resources of these types, as committed now. */
	public long of(Collection<String> types) {
		EntityManager entityManager = entityManagerFactory.createEntityManager();
		try {
			return entityManager.createQuery(
							"select count(h) from ResourceHistoryTable h where h.myResourceType in :types", Long.class)
					.setParameter("types", types)
					.getSingleResult();
		} finally {
			entityManager.close();
		}
	}
}
