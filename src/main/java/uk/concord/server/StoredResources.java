package uk.concord.server;

import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
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
	/** This start of the server, in {@link #writesMark}. */
	private final String start = UUID.randomUUID().toString();
	/** Catch-ups of the full-text index, in {@link #writesMark}. */
	private final LongAdder indexedAgain = new LongAdder();

	/** How far below the highest key read the next read of version rows starts ({@link #versionRowsAfter}). */
	private final long recentKeys;

	StoredResources(EntityManagerFactory entityManagerFactory, Optional<CommittedWrites> soleWriter) {
		this(entityManagerFactory, soleWriter, RECENT_KEYS);
	}

	StoredResources(EntityManagerFactory entityManagerFactory, Optional<CommittedWrites> soleWriter, long recentKeys) {
		this.entityManagerFactory = entityManagerFactory;
		this.soleWriter = soleWriter;
		this.recentKeys = recentKeys;
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
	 * A mark that changes whenever a write of any resource commits, on a database only this process can write
	 * (embedded H2), where it costs nothing to read; empty on a shared database (PostgreSQL, a cluster), where only
	 * {@link #versionsOf} can tell, at a cost that grows with the records. Taken before a query runs, and found the
	 * same later, it says the query's answer is still what the database would give. It names this start of the server
	 * as well as its count of writes: the count begins again at every start, while what is stored under the mark (a
	 * stored search) outlives the process, and a search stored at a count before a restart must not pass for one made
	 * at the same count after it.
	 */
	public Optional<String> writesMark() {
		return soleWriter.map(writes -> start + "." + writes.all() + "." + indexedAgain.sum());
	}

	/**
	 * The full-text index was given documents it had lost (fulltext/FullTextCatchUp): a full-text search may now
	 * find more though nothing was written, so {@link #writesMark} changes as it does for a write.
	 */
	public void indexedAgain() {
		indexedAgain.increment();
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

	/**
	 * How far a reader of the version rows of some types has read: how many rows it has accounted for, and which of
	 * the most recent ones (keys above {@code floor}). {@link #START} has read nothing.
	 */
	public record Mark(long counted, long floor, Set<Long> recent) {
		/** Counts no rows (not even none), so nothing can be placed after it. */
		public static final Mark START = new Mark(-1, 0, Set.of());
	}

	/** A version row: which resource ({@code type}, FHIR {@code id}) and which version of it. */
	public record VersionRow(long key, String type, String id, long version) {}

	/**
	 * The version rows of {@code types} added since {@code mark}, and the mark that has read them; or, when some row
	 * cannot be placed, none ({@code complete} false): the reader must then read everything again, from the mark
	 * returned (taken before it does, so that nothing committed meanwhile is missed). From {@link Mark#START}, only
	 * the mark.
	 *
	 * <p>Keys come from a sequence when a write starts, and writes commit in any order, so a row can appear below keys
	 * already read. Each read starts {@value #RECENT_KEYS} keys below the highest key read before, which catches the
	 * writes still under way then; the count of all rows, read in the same statement (one snapshot), tells whether a
	 * row appeared where none was read, since rows are only ever added (expunge is off). So the answer is exact or
	 * says it is not; it is never silently short. At most {@value #LOOK_BACK} keys below the newest are read.
	 */
	public Newer versionRowsAfter(Mark mark, Collection<String> types) {
		boolean first = mark.counted() < 0;
		@SuppressWarnings("unchecked")
		List<Object[]> rows = read(entityManager -> {
			Query query = entityManager.createNativeQuery(
					"SELECT c.n, c.top, v.PID, v.RES_TYPE, r.FHIR_ID, v.RES_VER"
							+ " FROM (SELECT COUNT(*) AS n, COALESCE(MAX(PID), 0) AS top FROM HFJ_RES_VER"
							+ " WHERE RES_TYPE IN (:types)) c"
							+ " LEFT JOIN HFJ_RES_VER v ON v.RES_TYPE IN (:types) AND v.PID > "
							+ (first ? "c.top - :keys" : "GREATEST(:floor, c.top - :keys)")
							+ " LEFT JOIN HFJ_RESOURCE r ON r.RES_ID = v.RES_ID")
					.setParameter("types", types)
					.setParameter("keys", first ? recentKeys : LOOK_BACK);
			return (List<Object[]>) (first ? query : query.setParameter("floor", mark.floor())).getResultList();
		});
		long counted = ((Number) rows.get(0)[0]).longValue();
		long top = ((Number) rows.get(0)[1]).longValue();
		long floor = first ? top - recentKeys : Math.max(top - recentKeys, mark.floor());
		List<VersionRow> added = new ArrayList<>();
		Set<Long> recent = new HashSet<>();
		for (Object[] row : rows) {
			if (row[2] == null) {
				continue;
			}
			long key = ((Number) row[2]).longValue();
			if (key > floor) {
				recent.add(key);
			}
			if (!mark.recent().contains(key)) {
				added.add(new VersionRow(key, (String) row[3], (String) row[4], ((Number) row[5]).longValue()));
			}
		}
		Mark next = new Mark(counted, floor, Set.copyOf(recent));
		boolean complete = !first && counted == mark.counted() + added.size();
		return new Newer(next, complete ? added : List.of(), complete);
	}

	/** Keys below the highest read that are read again: more than the writes a cluster has under way at once. */
	static final long RECENT_KEYS = 5_000;
	/** Further back than this, a row written since the last read is not looked for: the read is incomplete. */
	static final long LOOK_BACK = 100_000;

	/** What {@link #versionRowsAfter} found: the rows added, if {@code complete}, and the mark after them. */
	public record Newer(Mark mark, List<VersionRow> rows, boolean complete) {}

	private <T> T read(Function<EntityManager, T> query) {
		EntityManager entityManager = entityManagerFactory.createEntityManager();
		try {
			return query.apply(entityManager);
		} finally {
			entityManager.close();
		}
	}
}
