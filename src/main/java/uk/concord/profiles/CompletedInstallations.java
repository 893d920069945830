package uk.concord.profiles;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which bytes of each FHIR package were last installed whole into this database, kept in the database itself (nodes
 * of a cluster share it, not a data folder). HAPI stores its copy of a package before installing the package's
 * resources, so its copy alone does not say that a start killed part-way finished the installation; this record is
 * written only after it has, and forgotten before the copy is replaced, so while it stands the copy is its bytes.
 */
class CompletedInstallations {

	static final String TABLE = "concord_package_installed";

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;

	CompletedInstallations(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Creates the table if this database has none yet (called under {@code OneNodeAtATime}: no two nodes at once). */
	void createTableIfMissing() {
		jdbc.execute("create table if not exists " + TABLE
				+ " (package_name varchar(200) not null primary key, sha256 varchar(64) not null,"
				+ " installed_at timestamp not null)");
	}

	/** Whether the last installation of this package that finished was of exactly these bytes. */
	boolean lastCompletedWas(String name, byte[] bytes) {
		List<String> recorded = jdbc.queryForList("select sha256 from " + TABLE + " where package_name = ?", String.class, name);
		return recorded.contains(DigestUtils.sha256Hex(bytes));
	}

	/** Records that these bytes of the package are now installed whole. */
	void completed(String name, byte[] bytes) {
		transactions.executeWithoutResult(status -> {
			jdbc.update("delete from " + TABLE + " where package_name = ?", name);
			jdbc.update("insert into " + TABLE + " (package_name, sha256, installed_at) values (?, ?, ?)", name,
					DigestUtils.sha256Hex(bytes), Timestamp.from(Instant.now()));
		});
	}

	/** Forgets the package's last installation: called before HAPI's copy of it is replaced. */
	void forget(String name) {
		jdbc.update("delete from " + TABLE + " where package_name = ?", name);
	}
}
