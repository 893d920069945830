package uk.concord.profiles;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which bytes of Concord's package the database last received a complete installation of, so that a restart of the
 * same build need not install it again. Written only after an installation returned; kept in the database (not the
 * data folder) so that it travels with the resources it describes, on PostgreSQL and in a cluster as on H2.
 */
class InstalledPackage {

	private static final String TABLE = "CONCORD_INSTALLED_PACKAGE";

	private final JdbcTemplate jdbc;

	InstalledPackage(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/** Whether the package of this name was last installed completely from exactly these bytes. */
	boolean isCurrent(String name, byte[] bytes) {
		createIfAbsent();
		List<String> digests = jdbc.queryForList("SELECT DIGEST FROM " + TABLE + " WHERE NAME = ?", String.class, name);
		return digests.contains(digest(bytes));
	}

	/** Notes a complete installation of these bytes; call only once the installation has returned. */
	void installed(String name, byte[] bytes) {
		createIfAbsent();
		String digest = digest(bytes);
		if (jdbc.update("UPDATE " + TABLE + " SET DIGEST = ? WHERE NAME = ?", digest, name) == 0) {
			try {
				jdbc.update("INSERT INTO " + TABLE + " (NAME, DIGEST) VALUES (?, ?)", name, digest);
			} catch (DuplicateKeyException anotherNode) {
				// another node of a cluster noted the same installation at the same moment
				jdbc.update("UPDATE " + TABLE + " SET DIGEST = ? WHERE NAME = ?", digest, name);
			}
		}
	}

	private void createIfAbsent() {
		String create = "CREATE TABLE IF NOT EXISTS " + TABLE
				+ " (NAME VARCHAR(200) NOT NULL PRIMARY KEY, DIGEST VARCHAR(64) NOT NULL)";
		try {
			jdbc.execute(create);
		} catch (DataAccessException createdByAnother) {
			// two servers of a cluster starting at once: PostgreSQL's IF NOT EXISTS can lose that race; the other won
			jdbc.execute(create);
		}
	}

	private static String digest(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}
}
