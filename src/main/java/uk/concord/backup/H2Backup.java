package uk.concord.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.springframework.jdbc.core.JdbcTemplate;

/** H2's own backup and restore of the embedded database: a zip of the database file, consistent while in use. */
final class H2Backup {

	static final String DATABASE_FOLDER = "h2";

	private H2Backup() {}

	/** H2's {@code BACKUP TO}: it locks nothing and copies a transactionally consistent state (MVCC). */
	static void backUp(JdbcTemplate database, Path target) {
		if (!target.isAbsolute() || !target.getFileName().toString().endsWith(".zip")) {
			throw new IllegalArgumentException("The backup file must be an absolute path ending in .zip: " + target);
		}
		if (Files.exists(target)) {
			throw new IllegalArgumentException("The backup file exists already: " + target);
		}
		database.execute("BACKUP TO '" + target.toString().replace("'", "''") + "'");
	}

	/** Unpacks a backup into {@code <dataDir>/h2}, which must not hold a database yet. */
	static void restore(Path backup, Path dataDir) {
		Path folder = dataDir.resolve(DATABASE_FOLDER);
		try {
			if (Files.exists(folder) && Files.list(folder).findAny().isPresent()) {
				throw new IllegalArgumentException(folder + " already holds a database: restore into a new data folder,"
						+ " or move this one away first");
			}
			Files.createDirectories(folder);
			try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
				for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
					Path file = folder.resolve(entry.getName()).normalize();
					if (!file.startsWith(folder) || entry.isDirectory()) {
						continue; // nothing outside the database folder
					}
					copy(zip, file);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot restore " + backup, e);
		}
	}

	private static void copy(InputStream in, Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Files.copy(in, file);
	}
}
