package uk.concord.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import org.h2.engine.Constants;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.MVStoreTool;
import org.h2.mvstore.tx.TransactionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the embedded H2 file back to its live data at start-up, before anything opens the database, when most of the
 * file is dead.
 * <p>
 * With {@code WRITE_DELAY=0} each commit writes the pages it changed as a new chunk; H2 reuses a chunk's space once
 * all of its pages are replaced, but chunks that keep a few live pages stay, so the file grows to many times its data
 * while the server runs (1.5 GB after a 1,000-patient ingest, {@code bench/RESULTS.md} run 19). Compacting the file
 * while the server wrote to it (H2's {@code compact} and {@code compactMoveChunks}, in rounds) lost acknowledged
 * commits to a {@code kill -9}: H2 then reopened the file at an older version (run 47). So it is compacted only here,
 * where nothing writes to it: H2 settles the file (opens and closes it), then its live pages are copied into a new
 * file (H2's own offline compaction) that is synced and moved over the old one in one step. A start killed part-way
 * leaves the old file whole, and H2 deletes the unfinished copy when it next opens the database.
 */
final class H2FileCompaction {

	private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);

	/** Compacted when less than this share of the file is live data (the file is at least four times its data). */
	private static final int LIVE_PERCENT_BELOW = 25;
	/** Smaller files are left alone: their dead space costs less than the copy. */
	private static final long SMALLEST_BYTES = 16L << 20;

	private H2FileCompaction() {}

	/** What a compaction did: the file's size before and after, and how long it took. */
	record Compacted(long bytesBefore, long bytesAfter, long millis) {}

	/**
	 * Compacts the file behind an embedded H2 file URL if it is mostly dead; nothing for any other URL, a missing
	 * file, a small or dense one, or a file another process holds.
	 */
	static Optional<Compacted> compactIfMostlyDead(String jdbcUrl, String user, String password) {
		Optional<Path> file = fileOf(jdbcUrl);
		if (file.isEmpty() || !Files.isRegularFile(file.get())) {
			return Optional.empty();
		}
		String name = file.get().toString();
		// a copy left by a start killed part-way goes, as H2 would remove it
		MVStoreTool.compactCleanUp(name);
		try {
			long before = Files.size(file.get());
			if (before < SMALLEST_BYTES || livePercent(name) >= LIVE_PERCENT_BELOW) {
				return Optional.empty();
			}
			return compact(file.get(), jdbcUrl, user, password);
		} catch (MVStoreException e) {
			// locked by another process, or unreadable: H2 itself reports it when the server opens the database
			log.warn("H2 file not compacted before start: {}", e.getMessage());
			return Optional.empty();
		} catch (IOException | SQLException e) {
			throw new IllegalStateException("Cannot compact the H2 file " + name, e);
		}
	}

	/**
	 * Compacts the file whatever its size; the database must not be open. H2 first opens it and closes it cleanly:
	 * a killed server leaves its transactions under way in the file (their undo logs, which name the tables' maps by
	 * number), and the copy renumbers the maps, so a copy of that file made their changes appear committed
	 * (H2FileCompactionTest). Once H2 has settled them, nothing in the file refers to a map by number.
	 */
	static Optional<Compacted> compact(Path file, String jdbcUrl, String user, String password)
			throws IOException, SQLException {
		long before = Files.size(file);
		long start = System.nanoTime();
		// no compaction in place at this close: only the copy below is safe from a kill
		try (Connection connection = DriverManager.getConnection(jdbcUrl + ";MAX_COMPACT_TIME=0", user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("SHUTDOWN");
		}
		try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
			if (store.getMapNames().stream().anyMatch(map -> map.startsWith(TransactionStore.UNDO_LOG_NAME_PREFIX)
					&& store.hasData(map))) {
				log.warn("H2 file not compacted before start: transactions still under way after a clean close");
				return Optional.empty();
			}
		}
		Path copy = Path.of(file + Constants.SUFFIX_MV_STORE_TEMP_FILE);
		MVStore.compact(file.toString(), copy.toString(), false, null);
		try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
		Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		syncFolder(file.toAbsolutePath().getParent());
		Compacted compacted = new Compacted(before, Files.size(file), (System.nanoTime() - start) / 1_000_000);
		log.info("H2 file compacted before start: {} MB -> {} MB in {} ms", compacted.bytesBefore() >> 20,
				compacted.bytesAfter() >> 20, compacted.millis());
		return Optional.of(compacted);
	}

	/** Percentage of the file that is live data: of the share in chunks, the share still live. */
	private static int livePercent(String name) {
		try (MVStore store = new MVStore.Builder().fileName(name).readOnly().open()) {
			return store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
		}
	}

	/** The {@code .mv.db} file of an embedded H2 file URL ({@code jdbc:h2:file:} or a bare path). */
	static Optional<Path> fileOf(String jdbcUrl) {
		if (jdbcUrl == null || !EmbeddedH2.isEmbedded(jdbcUrl)) {
			return Optional.empty();
		}
		String path = jdbcUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
		String lower = path.toLowerCase(Locale.ROOT);
		if (lower.startsWith("mem:") || lower.startsWith("zip:") || lower.startsWith("nio")) {
			return Optional.empty();
		}
		if (lower.startsWith("file:")) {
			path = path.substring("file:".length());
		}
		if (path.startsWith("~")) {
			path = System.getProperty("user.home") + path.substring(1);
		}
		return Optional.of(Path.of(path + Constants.SUFFIX_MV_FILE));
	}

	/** The rename is durable only once the folder's entry is on disk (Linux); elsewhere a folder cannot be opened. */
	private static void syncFolder(Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		} catch (IOException notOnThisSystem) {
			log.debug("Could not sync {}: {}", folder, notOnThisSystem.toString());
		}
	}
}
