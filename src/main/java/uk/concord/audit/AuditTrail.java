package uk.concord.audit;

import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where audit records go: enriched on the request's own thread (who asked, from which organisation, why the glass
 * was broken), then queued and stored by one background writer, so that a request does not wait for its audit
 * record to be written. The writer stores records in the pauses between requests, so that storing them does not
 * slow requests either; a record waits at most {@code concord.audit.max-delay} for a pause. The queue is bounded;
 * when it is full a request waits for room rather than lose a record, and at shutdown everything queued is written
 * before the database closes. Every record is appended to the {@link AuditJournal} before it is queued, so records
 * still queued when the process is killed are stored at the next start. Records that are waiting together are
 * stored together in {@link AuditStore}, up to {@link #BATCH} in one database transaction: a search page of 50
 * patients makes 50 records, and the commit, which writes the database file's changed pages whatever the number of
 * rows, is most of what they cost to store.
 */
public class AuditTrail implements IBalpAuditEventSink, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
	private static final Queued STOP = new Queued(new AuditJournal.Entry(0, new AuditEvent(), ""), 0);
	/**
	 * Under load the queue holds thousands of records; at 50 a commit, the commits were 43 % of the writer's CPU time
	 * in the ORPHAcode row (issue 12, run 31).
	 */
	static final int BATCH = 500;
	/** The JVM options that make the writer's low priority real on Linux (pom.xml's concord.jvm.flags; Dockerfile). */
	static final String PRIORITY_FLAGS = "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19";

	private final AuditStore store;
	private final AuditIndexValues index;
	private final RequestActivity activity;
	private final long maxDelayNanos;
	private final BlockingQueue<Queued> queue;
	private final AuditJournal journal;
	/** Held while a record is journaled and queued, so records reach the queue in the journal's order. */
	private final Object appending = new Object();
	private volatile Thread writer;

	AuditTrail(AuditStore store, AuditIndexValues index, RequestActivity activity, AuditProperties properties,
			AuditJournal journal) {
		this.store = store;
		this.index = index;
		this.journal = journal;
		this.activity = activity;
		this.maxDelayNanos = properties.maxDelay().toNanos();
		this.queue = new LinkedBlockingQueue<>(properties.queueCapacity());
	}

	@Override
	public void recordAuditEvent(AuditEvent event) {
		AuditDetails.dropNonPatients(event);
		AuditDetails.addCaller(event);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			// BALP records a write before its transaction commits; the record names the new resource, so it is queued
			// once that resource exists (the writer would otherwise race the commit), and not for a rolled-back write.
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					enqueue(event);
				}
			});
		} else {
			enqueue(event);
		}
	}

	private void enqueue(AuditEvent event) {
		// encoded before the lock: held while 50 records are encoded one after another, it made the requests of a
		// 4-client run wait 52 s in all (issue 12)
		AuditJournal.Encoded encoded = journal.encode(event);
		synchronized (appending) {
			put(new Queued(journal.append(encoded), System.nanoTime()));
		}
	}

	private void put(Queued queued) {
		try {
			queue.put(queued);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while recording an audit event", e);
		}
	}

	@Override
	public void start() {
		writer = new Thread(this::writeUntilStopped, "concord-audit-writer");
		writer.setDaemon(false);
		// When requests leave no pause for max-delay, records are stored alongside them; at the lowest priority the
		// writer then takes as little CPU time from them as the OS allows.
		writer.setPriority(Thread.MIN_PRIORITY);
		warnIfPrioritiesIgnored();
		writer.start();
		// before the web server starts (a later phase), so these are stored first
		List<AuditJournal.Entry> unstored = journal.unstored();
		if (!unstored.isEmpty()) {
			log.info("Storing {} audit records that were queued when the server last stopped", unstored.size());
		}
		unstored.forEach(entry -> put(new Queued(entry, System.nanoTime())));
	}

	/** HotSpot on Linux ignores Java thread priorities unless told otherwise (README, Security, "Audit"). */
	private static void warnIfPrioritiesIgnored() {
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
			return;
		}
		HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		if (vm != null && !"1".equals(vm.getVMOption("ThreadPriorityPolicy").getValue())) {
			log.warn("Audit records that find no pause between requests are written at normal thread priority, "
					+ "competing with requests for CPU; start the JVM with {} to lower it", PRIORITY_FLAGS);
		}
	}

	@Override
	public void stop() {
		Thread running = writer;
		if (running == null) {
			return;
		}
		put(STOP); // waits for room if the queue is full, which the running writer makes
		try {
			running.join(TimeUnit.SECONDS.toMillis(30));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		writer = null;
		// what the writer could not store in time stays in the journal for the next start
		journal.close();
	}

	@Override
	public boolean isRunning() {
		return writer != null;
	}

	/** Stop after the web server (which stops at a higher phase), before the database closes. */
	@Override
	public int getPhase() {
		return 0;
	}

	private void writeUntilStopped() {
		List<Queued> batch = new ArrayList<>(BATCH);
		while (true) {
			try {
				Queued next = queue.take();
				if (next == STOP) {
					return;
				}
				// a full queue holds requests up, so then there is no pause worth waiting for
				if (queue.remainingCapacity() > 0) {
					activity.awaitQuiet(next.queuedAt() + maxDelayNanos);
				}
				batch.clear();
				batch.add(next);
				queue.drainTo(batch, BATCH - 1);
				boolean stopping = batch.remove(STOP);
				write(batch);
				// stored, or logged as impossible to store: either way never tried again (the batch is in the
				// journal's order and holds at least the record taken, so its last record's number covers all of it)
				journal.stored(batch.get(batch.size() - 1).entry().sequence());
				if (stopping) {
					return;
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Stores the records in one transaction; if any of them fails, each on its own, so one cannot lose the others. */
	private void write(List<Queued> batch) {
		if (batch.size() > 1) {
			try {
				store.append(batch.stream().map(this::toStore).toList());
				return;
			} catch (RuntimeException oneFailed) {
				// rolled back as a whole: stored one by one below, where a failure is handled per record
				log.debug("Audit batch of {} rolled back; storing one by one", batch.size(), oneFailed);
			}
		}
		for (Queued queued : batch) {
			try {
				store.append(List.of(toStore(queued)));
			} catch (RuntimeException e) {
				// the record is still in the log, so the access is not unaccounted for
				log.error("Audit event could not be stored: {}", AuditDetails.summary(queued.entry().event()), e);
			}
		}
	}

	private AuditStore.NewRecord toStore(Queued queued) {
		AuditEvent event = queued.entry().event();
		Date recorded = event.hasRecorded() ? event.getRecorded() : new Date();
		return new AuditStore.NewRecord(recorded.getTime(), queued.entry().json(), index.of(event));
	}

	private record Queued(AuditJournal.Entry entry, long queuedAt) {}
}
