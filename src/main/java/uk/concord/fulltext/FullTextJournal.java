package uk.concord.fulltext;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An outbox for the full-text index. Hibernate Search writes a resource's Lucene (or Elasticsearch) document after
 * the database transaction has committed, so a server killed in between keeps the resource and loses its document for
 * good: {@code _content} never finds it again. So every write also records, in the same database transaction, which
 * resources it changed ({@code concord_fulltext_pending}, an outbox); once the index has them too (Spring's after-commit runs
 * after Hibernate Search's own after-completion work), the rows are deleted, in batches by a background thread.
 * Whatever rows remain were never indexed, or may not have been: {@link FullTextCatchUp} indexes them again.
 */
@Interceptor
class FullTextJournal implements SmartLifecycle {

	static final String TABLE = "concord_fulltext_pending";

	private static final Logger log = LoggerFactory.getLogger(FullTextJournal.class);
	private static final Object TRANSACTION_KEY = FullTextJournal.class;
	/** HAPI's EntityIndexStatusEnum.INDEXED_ALL (1): the resources Hibernate Search has a document for. */
	private static final String INDEXABLE = "res_deleted_at is null and sp_index_status = 1";
	/** The batch of a rebuild of the whole index; transactions draw theirs at random from 1 up. */
	private static final long REBUILD = 0;

	private final JdbcTemplate jdbc;
	private final ConcurrentLinkedQueue<Long> indexedBatches = new ConcurrentLinkedQueue<>();
	private ScheduledExecutorService forgetter;
	/** Set once stopping: what commits from then on (Quartz's jobs end after this stops) is forgotten at once. */
	private volatile boolean stopping;

	FullTextJournal(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Creates the table if this database has none yet (every node may try at once: a lost race is no failure). */
	void createTableIfMissing() {
		try {
			jdbc.execute("create table if not exists " + TABLE
					+ " (batch_id bigint not null, res_id bigint not null, recorded_at timestamp not null,"
					+ " primary key (batch_id, res_id))");
		} catch (DataAccessException raced) {
			jdbc.queryForObject("select count(*) from " + TABLE, Long.class);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		record(resource);
	}

	/** HAPI passes the previous resource first, then the new one. */
	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource current) {
		record(current);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		record(resource);
	}

	private void record(IBaseResource resource) {
		IResourcePersistentId<?> pid = IDao.RESOURCE_PID.get(resource);
		if (pid == null || !(pid.getId() instanceof Long id) || !TransactionSynchronizationManager.isSynchronizationActive()) {
			log.warn("Full-text journal cannot record {}: no database id or no transaction", resource.getIdElement());
			return;
		}
		Batch batch = (Batch) TransactionSynchronizationManager.getResource(TRANSACTION_KEY);
		if (batch == null) {
			batch = new Batch(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
			TransactionSynchronizationManager.bindResource(TRANSACTION_KEY, batch);
			TransactionSynchronizationManager.registerSynchronization(batch);
		}
		batch.resources.add(id);
	}

	@Override
	public void start() {
		stopping = false;
		forgetter = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "concord-fulltext-journal");
			thread.setDaemon(true);
			return thread;
		});
		forgetter.scheduleWithFixedDelay(this::forgetIndexed, 300, 300, TimeUnit.MILLISECONDS);
	}

	/**
	 * After the web server (a higher phase) has stopped taking requests; what is left over is forgotten at once, and
	 * so is what commits later.
	 */
	@Override
	public void stop() {
		stopping = true;
		forgetter.shutdown();
		try {
			forgetter.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		while (!indexedBatches.isEmpty()) {
			forgetIndexed();
		}
		forgetter = null;
	}

	@Override
	public boolean isRunning() {
		return forgetter != null;
	}

	@Override
	public int getPhase() {
		return 0;
	}

	/** Deletes the rows of transactions whose documents are in the index; called every few hundred milliseconds. */
	void forgetIndexed() {
		List<Long> batches = new ArrayList<>();
		for (Long next; batches.size() < 500 && (next = indexedBatches.poll()) != null; ) {
			batches.add(next);
		}
		if (batches.isEmpty()) {
			return;
		}
		try {
			jdbc.update("delete from " + TABLE + " where batch_id in ("
					+ String.join(",", batches.stream().map(String::valueOf).toList()) + ")");
		} catch (DataAccessException e) {
			// the rows stay and are indexed once more later: harmless
			log.warn("Full-text journal could not forget {} indexed transactions: {}", batches.size(), e.toString());
		}
	}

	/**
	 * Rows older than {@code age} (all of them when null) by the database's clock, which all nodes share: their
	 * documents may be missing from the index. Oldest first, past the first {@code skip}.
	 */
	List<Pending> pending(Duration age, int skip, int max) {
		String sql = "select batch_id, res_id from " + TABLE
				+ (age == null ? "" : " where recorded_at < current_timestamp - interval '" + age.toSeconds() + "' second")
				+ " order by recorded_at, batch_id, res_id limit " + max + " offset " + skip;
		return jdbc.query(sql, (row, i) -> new Pending(row.getLong(1), row.getLong(2)));
	}

	/** Every resource the database holds as full-text indexed; returns how many. */
	int pendAllIndexable() {
		jdbc.update("delete from " + TABLE + " where batch_id = " + REBUILD);
		return jdbc.update("insert into " + TABLE + " (batch_id, res_id, recorded_at) select " + REBUILD
				+ ", res_id, current_timestamp from hfj_resource where " + INDEXABLE);
	}

	/** Every resource row, deleted or not: never fewer than {@link #indexableResources()}. */
	long allResources() {
		return jdbc.queryForObject("select count(*) from hfj_resource", Long.class);
	}

	long indexableResources() {
		return jdbc.queryForObject("select count(*) from hfj_resource where " + INDEXABLE, Long.class);
	}

	long pendingCount() {
		return jdbc.queryForObject("select count(distinct res_id) from " + TABLE, Long.class);
	}

	/**
	 * Moves the rows' time {@code delay} into the future: a run that reads rows older than some age reaches them that
	 * much later; a run that reads every row (at start-up) still reads them.
	 */
	void postpone(List<Pending> rows, Duration delay) {
		jdbc.batchUpdate("update " + TABLE + " set recorded_at = current_timestamp + interval '" + delay.toSeconds()
						+ "' second where batch_id = ? and res_id = ?", keys(rows));
	}

	void forget(List<Pending> pending) {
		jdbc.batchUpdate("delete from " + TABLE + " where batch_id = ? and res_id = ?", keys(pending));
	}

	/** The rows' keys, as the arguments of a batch statement ending {@code where batch_id = ? and res_id = ?}. */
	private static List<Object[]> keys(List<Pending> rows) {
		return rows.stream().map(row -> new Object[] {row.batch(), row.resource()}).toList();
	}

	record Pending(long batch, long resource) {}

	/** The resources one database transaction wrote. */
	private final class Batch implements TransactionSynchronization {

		private final long id;
		private final Set<Long> resources = new LinkedHashSet<>();

		private Batch(long id) {
			this.id = id;
		}

		/** Inside the transaction, on its own connection: the rows commit or roll back with the resources. */
		@Override
		public void beforeCommit(boolean readOnly) {
			jdbc.batchUpdate("insert into " + TABLE + " (batch_id, res_id, recorded_at) values (?, ?, current_timestamp)",
					resources.stream().map(resource -> new Object[] {id, resource}).toList());
		}

		@Override
		public void afterCommit() {
			indexedBatches.add(id);
			if (stopping) {
				// A scheduled job's page committed during shutdown: left, its rows were indexed again at the next
				// start: 500 review Tasks delayed readiness by 8-10 s (bench/RESULTS.md run 54)
				forgetIndexed();
			}
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(TRANSACTION_KEY);
		}
	}
}
