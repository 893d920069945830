package uk.concord.fulltext;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.data.IResourceTableDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.model.sched.HapiJob;
import ca.uhn.fhir.jpa.model.sched.IHasScheduledJobs;
import ca.uhn.fhir.jpa.model.sched.ISchedulerService;
import ca.uhn.fhir.jpa.model.sched.ScheduledJobDefinition;
import ca.uhn.fhir.jpa.search.reindex.ResourceReindexer;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.search.mapper.orm.Search;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import uk.concord.server.StoredResources;

/**
 * Puts back into the full-text index what {@link FullTextJournal} says may be missing from it:
 * <ul>
 *   <li>at start-up, everything left over (a server killed between a commit and its index write), before the server
 *       reports itself ready ({@code /actuator/health/readiness});</li>
 *   <li>while running, rows older than {@code concord.fulltext.catch-up-interval}: their own indexing failed, or the
 *       node that wrote them died. This runs as a HAPI clustered job, so once per cluster.</li>
 * </ul>
 * A resource is indexed the way HAPI's own reindexing does it (its text extracted again, including the attachment
 * text Concord adds); a deleted one is removed from the index.
 */
public class FullTextCatchUp implements IHasScheduledJobs {

	private static final Logger log = LoggerFactory.getLogger(FullTextCatchUp.class);
	private static final int BATCH = 200;

	private final FullTextJournal journal;
	private final IHapiTransactionService transactions;
	private final IResourceTableDao resources;
	private final IFhirSystemDao<?, ?> systemDao;
	private final ResourceReindexer reindexer;
	private final IFulltextSearchSvc fullText;
	private final EntityManager entityManager;
	private final Duration interval;
	private final Duration retryUnindexableAfter;
	private final StoredResources stored;
	/** Set once this node's start-up run is over: until then the scheduled runs leave the journal to it. */
	private volatile boolean startedUp;

	FullTextCatchUp(
			FullTextJournal journal,
			IHapiTransactionService transactions,
			IResourceTableDao resources,
			IFhirSystemDao<?, ?> systemDao,
			ResourceReindexer reindexer,
			IFulltextSearchSvc fullText,
			EntityManager entityManager,
			Duration interval,
			Duration retryUnindexableAfter,
			StoredResources stored) {
		this.journal = journal;
		this.transactions = transactions;
		this.resources = resources;
		this.systemDao = systemDao;
		this.reindexer = reindexer;
		this.fullText = fullText;
		this.entityManager = entityManager;
		this.interval = interval;
		this.retryUnindexableAfter = retryUnindexableAfter;
		this.stored = stored;
	}

	/** Spring Boot reports the server ready (and accepting traffic) only after this has run. */
	@EventListener(ApplicationReadyEvent.class)
	public void catchUpAtStartup() {
		long started = System.nanoTime();
		try {
			rebuildIfIndexLost();
			int done = catchUp(null);
			log.info("Full-text index checked at start-up: {} resources indexed again, in {} ms", done,
					Duration.ofNanos(System.nanoTime() - started).toMillis());
		} finally {
			startedUp = true;
		}
	}

	/**
	 * A scheduled run: the rows older than the interval, once this node's start-up run is over. HAPI starts the
	 * scheduler, and the job is due at once, before the server is ready; the start-up run that follows reads every row,
	 * so a scheduled run before it would only read the same rows twice on a starting node's busy cores, and try a
	 * resource that cannot be indexed twice, with HAPI's stack trace each time (bench/RESULTS.md run 57).
	 *
	 * @return how many resources it indexed again, or empty when it left the journal to the start-up run
	 */
	OptionalInt scheduledRun() {
		return startedUp ? OptionalInt.of(catchUp(interval)) : OptionalInt.empty();
	}

	/**
	 * A database restored from a backup, or a node given a new index, finds the index (nearly) empty: every resource
	 * goes into the journal. Every indexed resource in the database has its document, or a journal row until it has
	 * one, so fewer documents than that means the index lost them; a margin of half keeps writes and deletes running
	 * on other nodes while the counts are taken from ever setting off a rebuild of a whole index. The resources are
	 * first counted all together, which H2 answers from its row count where counting the indexed ones reads every row
	 * (3.5 % of a restart on 20,000 patients, bench/RESULTS.md run 51): when the documents reach half of all of them,
	 * they reach half of the indexed ones too.
	 */
	private void rebuildIfIndexLost() {
		long pending = journal.pendingCount();
		long documents = transactions.withSystemRequest().execute(() ->
				Search.session(entityManager).search(ResourceTable.class).where(f -> f.matchAll()).fetchTotalHitCount());
		long resources = journal.allResources();
		boolean mayHaveLost = documents < (resources - pending) / 2;
		long counted = mayHaveLost ? journal.indexableResources() : resources;
		log.info("Full-text index at start-up: {} documents for {} {}resources, {} waiting in the journal",
				documents, counted, mayHaveLost ? "indexed " : "", pending);
		if (mayHaveLost && documents < (counted - pending) / 2) {
			int queued = journal.pendAllIndexable();
			log.warn("The full-text index has lost most of its documents (a restored database or a new index): "
					+ "indexing all {} resources again", queued);
		}
	}

	/**
	 * Indexes again the resources of rows older than {@code age} (every row when null); returns how many.
	 * One run at a time on a node; the scheduled runs begin once the start-up run is over ({@link #scheduledRun}).
	 * A resource that cannot be indexed keeps its rows (the index lacks it); this run reads past them, so they can
	 * neither stop it nor keep it going round (nor, at start-up, stop the server). They are then put off by
	 * {@code concord.fulltext.retry-unindexable-after}: each failed try logs HAPI's error with its stack trace, which
	 * the scheduled runs repeated every minute; a start still tries them at once.
	 */
	synchronized int catchUp(Duration age) {
		int done = 0;
		List<FullTextJournal.Pending> kept = new ArrayList<>();
		List<FullTextJournal.Pending> pending;
		do {
			pending = journal.pending(age, kept.size(), BATCH);
			Set<Long> failed =
					indexAgain(pending.stream().map(FullTextJournal.Pending::resource).collect(Collectors.toSet()));
			Map<Boolean, List<FullTextJournal.Pending>> byFailure =
					pending.stream().collect(Collectors.partitioningBy(row -> failed.contains(row.resource())));
			List<FullTextJournal.Pending> indexed = byFailure.get(false);
			journal.forget(indexed);
			if (!indexed.isEmpty()) {
				stored.indexedAgain(); // a full-text search stored before this must not be reused
			}
			done += indexed.size();
			kept.addAll(byFailure.get(true));
		} while (pending.size() == BATCH);
		if (!kept.isEmpty()) {
			// Only now: moved during the run, they would change the rows the offset above reads past
			journal.postpone(kept, retryUnindexableAfter);
			log.warn("Full-text catch-up left {} journal rows of resources it could not index; it tries them again in {} s"
					+ " or at the next start", kept.size(), retryUnindexableAfter.toSeconds());
		}
		return done;
	}

	/**
	 * Indexes the resources as they now are, a batch to a transaction: the index commits (and syncs a new segment to
	 * disk) once for the batch, where a transaction for each resource made it commit for each (bench/RESULTS.md run
	 * 53). Should a write of one of them commit meanwhile, its own index write may land before this one's: so the
	 * versions are checked afterwards and the newer ones indexed again. Returns those that could not be indexed.
	 */
	private Set<Long> indexAgain(Set<Long> pids) {
		Set<Long> failed = new HashSet<>();
		Set<Long> due = pids;
		for (int attempt = 0; attempt < 5 && !due.isEmpty(); attempt++) {
			List<JpaPid> batch = due.stream().map(JpaPid::fromId).toList();
			Map<Long, Long> indexed = indexInOneTransaction(batch, failed);
			Map<Long, Long> current = transactions.withSystemRequest().execute(() -> versionsOf(batch));
			due = indexed.keySet().stream()
					.filter(pid -> current.containsKey(pid) && !current.get(pid).equals(indexed.get(pid)))
					.collect(Collectors.toSet());
		}
		return failed;
	}

	private Map<Long, Long> indexInOneTransaction(List<JpaPid> batch, Set<Long> failed) {
		try {
			return transactions.withSystemRequest().execute(() -> indexAsTheyAre(batch));
		} catch (RuntimeException batchFailed) {
			// A client's write raced the batch, or one resource cannot be indexed: each on its own, so only that fails
			log.info("Full-text catch-up indexes {} resources one at a time: {}", batch.size(), batchFailed.toString());
			Map<Long, Long> indexed = new HashMap<>();
			for (JpaPid pid : batch) {
				try {
					indexed.putAll(transactions.withSystemRequest().execute(() -> indexAsTheyAre(List.of(pid))));
				} catch (RuntimeException unindexable) {
					log.warn("Full-text catch-up cannot index the resource of database id {}: {}", pid.getId(),
							unindexable.toString());
					failed.add(pid.getId());
				}
			}
			return indexed;
		}
	}

	/**
	 * Returns the version indexed of each; an expunged resource is left out (HAPI removed its document with it).
	 * As HAPI's own transactions do, the batch is read in a few queries and written at commit only: flushed before
	 * each query HAPI's reindexing makes, the session compared every resource done so far each time (two thirds of a
	 * rebuild's time, run 53).
	 */
	private Map<Long, Long> indexAsTheyAre(List<JpaPid> batch) {
		FlushModeType flushMode = entityManager.getFlushMode();
		entityManager.setFlushMode(FlushModeType.COMMIT);
		try {
			systemDao.preFetchResources(batch, true);
			Map<Long, Long> versions = new HashMap<>();
			for (ResourceTable entity : resources.findAllById(batch)) {
				if (entity.getDeleted() == null) {
					reindexer.reindexResourceEntity(entity);
				} else {
					fullText.reindex(entity); // a deleted resource is routed out of the index
				}
				versions.put(entity.getId().getId(), entity.getVersion());
			}
			return versions;
		} finally {
			entityManager.setFlushMode(flushMode);
		}
	}

	/** HAPI's own query for the versions (rows of pid, type, id, version), without loading the resources. */
	private Map<Long, Long> versionsOf(List<JpaPid> batch) {
		Map<Long, Long> versions = new HashMap<>();
		for (Object[] row : resources.getResourceVersionsForPid(batch)) {
			versions.put(((JpaPid) row[0]).getId(), (Long) row[3]);
		}
		return versions;
	}

	@Override
	public void scheduleJobs(ISchedulerService scheduler) {
		ScheduledJobDefinition job = new ScheduledJobDefinition().setId(getClass().getName()).setJobClass(Job.class);
		scheduler.scheduleClusteredJob(interval.toMillis(), job);
	}

	/** The clustered job: Quartz makes one per run, HAPI's job factory fills in the catch-up. */
	public static class Job implements HapiJob {

		@Autowired
		private FullTextCatchUp catchUp;

		@Override
		public void execute(JobExecutionContext context) {
			OptionalInt run = catchUp.scheduledRun();
			if (run.isEmpty()) {
				log.debug("Full-text catch-up run scheduled for {} left the journal to the start-up run",
						context.getScheduledFireTime().toInstant());
				return;
			}
			int done = run.getAsInt();
			// The cluster test counts these lines, by scheduled time, across nodes
			log.debug("Full-text catch-up run scheduled for {} indexed {} resources again",
					context.getScheduledFireTime().toInstant(), done);
			if (done > 0) {
				log.warn("Full-text catch-up indexed {} resources again whose index writes had not happened", done);
			}
		}
	}
}
