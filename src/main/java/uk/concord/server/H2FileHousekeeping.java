package uk.concord.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the embedded H2 file back near the size of its data whenever the database goes quiet.
 * <p>
 * Each H2 commit writes the pages it changed as a new chunk at the end of the file; older chunks keep whatever pages
 * were not changed since, and a dead chunk's space is reused only 45 s later (H2's retention time, which guards the
 * file against an operating-system crash). H2 moves live pages out of mostly-dead chunks and moves chunks together in
 * its background writer, but H2 starts that thread only when {@code WRITE_DELAY} &gt; 0, and Concord sets
 * {@code WRITE_DELAY=0} so that every commit is in the file before the writer is answered. Without this the file
 * only grew: 1.5 GB after 1,000 patients' ingest, 30 GB for 10,000, about 20 times the data ({@code bench/RESULTS.md},
 * runs 19 and 20). At the first quiet second it is compacted in short rounds; while commits keep coming (readers
 * make them too) it gets a round every 10 s once it is four times its live data. Needs H2 2.5 or later (pom.xml):
 * 2.3.232 could move a chunk past where a round expected it.
 */
final class H2FileHousekeeping implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(H2FileHousekeeping.class);

	/** Below this share of the file in chunks (the rest is free space), a quiet database's file is compacted. */
	private static final int FILE_FILL_PERCENT = 60;
	/** Below this share of the chunks' bytes still live, the same. */
	private static final int CHUNKS_FILL_PERCENT = 50;
	/** Writers wait while chunks move, so a round stops after this long (H2's default at close), or its current step. */
	private static final int SHRINK_MS = 200;
	/** How much one step rewrites or moves; a commit waits for one step at most. */
	private static final int STEP_BYTES = 1 << 20;
	/** Chunks less live than this are rewritten, files less full than this have chunks moved: H2's own default. */
	private static final int TARGET_FILL_PERCENT = 90;
	private static final long PERIOD_MS = 1_000;
	/**
	 * A database that never goes quiet (readers too make commits: audit records, HAPI's stored searches) still gets a
	 * round this often once its file is at least {@link #BUSY_FILE_TIMES} times its live data: under sustained load
	 * the file then grows about half as fast (bench/RESULTS.md, run 23); a commit waits for one step of a round at most.
	 */
	private static final long BUSY_INTERVAL_NANOS = 10_000_000_000L;
	private static final int BUSY_FILE_TIMES = 4;

	private final MVStore store;
	/** The store version the last once-a-second look saw: unchanged since means no commit came in between. */
	private long versionAtLastLook = -1;
	private long lastRoundNanos = System.nanoTime();
	private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread daemon = new Thread(task, "h2-file-housekeeping");
		daemon.setDaemon(true);
		return daemon;
	});

	private H2FileHousekeeping(MVStore store) {
		this.store = store;
	}

	/**
	 * Starts on the database behind {@code dataSource} if it is an embedded H2 file ({@code jdbcUrl}); otherwise
	 * (PostgreSQL, H2 in memory or as a server of another process) does nothing.
	 */
	static H2FileHousekeeping startIfEmbedded(DataSource dataSource, String jdbcUrl) {
		MVStore store = EmbeddedH2.isEmbedded(jdbcUrl) ? storeOf(dataSource) : null;
		H2FileHousekeeping housekeeping = new H2FileHousekeeping(store != null && store.getFileStore() != null ? store : null);
		if (housekeeping.store != null) {
			housekeeping.thread.scheduleWithFixedDelay(housekeeping::runOnce, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
		}
		return housekeeping;
	}

	private static MVStore storeOf(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
			return session.getDatabase().getStore().getMvStore();
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot reach the embedded H2 database's store", e);
		}
	}

	/** False where there is nothing to look after (not an embedded H2 file). */
	boolean isActive() {
		return store != null;
	}

	/** Percentage of the chunks' bytes that is still live. */
	private int chunksFillPercent() {
		return store.getFileStore().getChunksFillRate();
	}

	/** Percentage of the file that chunks occupy (the rest is free space left by dead chunks). */
	private int fileFillPercent() {
		return store.getFillRate();
	}

	/** Percentage of the file that is live data: of the share in chunks, the share still live. */
	private int liveDataPercent() {
		return fileFillPercent() * chunksFillPercent() / 100;
	}

	/**
	 * One round: if no commit came since the last round and much of the file is dead, compacts the file for a moment
	 * (as {@code MVStore.compactFile}, what H2 itself does when it closes a database, in small steps): moves the live
	 * pages out of mostly-dead chunks, then moves chunks to the front and cuts the file short. A commit arriving
	 * meanwhile waits for the step under way; a round stops after {@link #SHRINK_MS}. A database that stays busy gets
	 * a round every {@link #BUSY_INTERVAL_NANOS} once its file is mostly dead.
	 */
	void runOnce() {
		try {
			if (store == null || store.isClosed()) {
				return;
			}
			boolean idle = store.getCurrentVersion() == versionAtLastLook;
			if (idle && (fileFillPercent() < FILE_FILL_PERCENT || chunksFillPercent() < CHUNKS_FILL_PERCENT)) {
				shrink();
			} else if (!idle && System.nanoTime() - lastRoundNanos > BUSY_INTERVAL_NANOS
					&& liveDataPercent() * BUSY_FILE_TIMES < 100) {
				shrink();
			}
			versionAtLastLook = store.getCurrentVersion();
		} catch (RuntimeException e) {
			// The store closing under a round is the only expected case; a failed round loses nothing.
			log.debug("H2 file housekeeping round skipped: {}", e.toString());
		}
	}

	private void shrink() {
		long before = store.getFileStore().size();
		long start = System.nanoTime();
		long stopAt = start + SHRINK_MS * 1_000_000L;
		boolean more = true;
		while (more && System.nanoTime() < stopAt) {
			more = step();
		}
		settle();
		lastRoundNanos = System.nanoTime();
		log.debug("H2 file compacted in {} ms: {} MB -> {} MB", (lastRoundNanos - start) / 1_000_000, before >> 20,
				store.getFileStore().size() >> 20);
	}

	/**
	 * What H2's {@code MVStore.compactFile} does in each of its steps, {@value #STEP_BYTES} bytes at a time instead of
	 * 16 MB, and letting go of the store between steps: compactFile holds the store lock for its whole round, and on
	 * a 20,000-patient file one round held every commit for up to 3.4 s (the care-team writer's slowest writes,
	 * bench/RESULTS.md run 41). First the live pages of mostly-dead chunks are written anew (skipped if a commit holds
	 * the store) and committed, the file synced, then chunks moved to the front and the file cut short. False when
	 * there is nothing left to rewrite.
	 */
	private boolean step() {
		boolean rewrote = withoutRetention(() -> store.compact(TARGET_FILL_PERCENT, STEP_BYTES));
		if (rewrote) {
			// compact rewrites the pages in memory only; a commit writes them and lets the old chunks die
			store.commit();
		}
		store.sync();
		if (store.getFileStore() instanceof RandomAccessStore file) {
			withoutRetention(() -> {
				file.compactMoveChunks(TARGET_FILL_PERCENT, STEP_BYTES, store);
				return true;
			});
		}
		return rewrote;
	}

	/**
	 * Ends a round with one small commit (the store's version setting rewritten unchanged), as the next write would:
	 * H2 counts the pages a commit replaced, drops dead chunks and cuts off the file's free end only when it writes a
	 * commit. On a database gone quiet no write comes, and the file stayed at 12-82 MB, H2 counting it 92 % full,
	 * when 3 MB of it was in use (H2FileHousekeepingTest).
	 */
	private void settle() {
		withoutRetention(() -> {
			store.setStoreVersion(store.getStoreVersion());
			store.commit();
			return true;
		});
	}

	/**
	 * Runs one step with H2's retention time at 0, as compactFile runs all of them: with it, chunks written in the
	 * last 45 s are neither rewritten nor reused. compactFile syncs the file before it moves a chunk; so does
	 * {@link #step}.
	 */
	private boolean withoutRetention(BooleanSupplier work) {
		int retention = store.getRetentionTime();
		store.setRetentionTime(0);
		try {
			return work.getAsBoolean();
		} finally {
			store.setRetentionTime(retention);
		}
	}

	/** Lets a round under way finish: interrupting it mid-I/O would close H2's file channel and stop the database. */
	@Override
	public void close() {
		thread.shutdown();
		try {
			thread.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
