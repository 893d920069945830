package uk.concord.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where audit records are kept: append-only, in two tables of their own beside HAPI's. A record is one row holding
 * its JSON and its times, and one narrow row per search parameter value it has ({@link AuditIndexValues}); a batch of
 * records is inserted with two JDBC batches in one transaction. Stored as HAPI resources, each record was ~25 rows
 * written through Hibernate (resource, version, hashed index rows, tags), and storing them cost as much CPU as serving
 * the requests they record (issue 12). Nothing updates or deletes these rows.
 */
final class AuditStore {

	static final String RECORDS = "CONCORD_AUDIT_RECORD";
	static final String VALUES = "CONCORD_AUDIT_VALUE";
	private static final String SEQUENCE = "CONCORD_AUDIT_SEQ";
	private static final String CARRIED_OVER = "CONCORD_AUDIT_CARRIED_OVER";
	/** Record numbers are taken from the sequence this many at a time (one round trip per block, in a cluster too). */
	private static final int PID_BLOCK = 50;

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final boolean postgres;
	private long nextPid;
	private long pidsLeft;

	AuditStore(DataSource dataSource, PlatformTransactionManager transactions) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(transactions);
		this.postgres = isPostgres(dataSource);
	}

	/**
	 * Creates the tables if they are not there. A record has a FHIR id (a UUID, as HAPI gives resources here; records
	 * carried over from HAPI's tables by {@link HapiStoredAuditRecords} keep theirs) and a number of its own, which
	 * orders records and joins their values.
	 */
	void createIfAbsent() {
		try {
			create();
		} catch (DataAccessException createdByAnother) {
			// two servers of a cluster starting at once: PostgreSQL's IF NOT EXISTS can lose that race; the other won
			create();
		}
	}

	private void create() {
		transactions.executeWithoutResult(status -> {
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + RECORDS + " (PID BIGINT NOT NULL PRIMARY KEY,"
					+ " FHIR_ID VARCHAR(64) NOT NULL, RECORDED BIGINT NOT NULL, STORED BIGINT NOT NULL,"
					+ " JSON VARCHAR(1000000) NOT NULL)");
			jdbc.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + RECORDS + "_FHIR_ID ON " + RECORDS + " (FHIR_ID)");
			jdbc.execute("CREATE INDEX IF NOT EXISTS " + RECORDS + "_RECORDED ON " + RECORDS + " (RECORDED)");
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + VALUES + " (RECORD_ID BIGINT NOT NULL,"
					+ " PARAM VARCHAR(64) NOT NULL, SYS VARCHAR(768), VAL VARCHAR(768) NOT NULL)");
			jdbc.execute("CREATE INDEX IF NOT EXISTS " + VALUES + "_PARAM_VAL ON " + VALUES + " (PARAM, VAL, RECORD_ID)");
			// no index on RECORD_ID alone: searches find records through (PARAM, VAL, RECORD_ID), and keeping a second
			// index of every value row cost the audit writer ~15 % of its CPU per record (bench/RESULTS.md run 34)
			jdbc.execute("DROP INDEX IF EXISTS " + VALUES + "_RECORD");
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + CARRIED_OVER + " (DONE BIGINT NOT NULL)");
			jdbc.execute("CREATE SEQUENCE IF NOT EXISTS " + SEQUENCE + " START WITH 1 INCREMENT BY " + PID_BLOCK);
		});
	}

	/** A record on its way in: its JSON (without id or meta) and what it is found by. */
	record NewRecord(long recorded, String json, List<AuditIndexValues.Value> values) {}

	/** A record as stored. */
	record StoredRecord(String id, long stored, String json) {}

	/** Stores the records in one transaction; returns their ids, in order. */
	List<String> append(List<NewRecord> records) {
		return transactions.execute(status -> {
			long now = System.currentTimeMillis();
			List<String> ids = new ArrayList<>(records.size());
			List<Object[]> rows = new ArrayList<>(records.size());
			List<Object[]> values = new ArrayList<>();
			for (NewRecord record : records) {
				String id = TimeOrderedIds.next();
				ids.add(id);
				add(rows, values, id, now, record);
			}
			insert(rows, values);
			return ids;
		});
	}

	/**
	 * Stores a record under an id it already has (one carried over from HAPI's tables), unless it is there (another
	 * server of a cluster may be carrying the same records over).
	 */
	void appendWithId(String id, long stored, NewRecord record) {
		try {
			transactions.executeWithoutResult(status -> {
				Integer present = jdbc.queryForObject("SELECT COUNT(*) FROM " + RECORDS + " WHERE FHIR_ID = ?",
						Integer.class, id);
				if (present != null && present == 0) {
					List<Object[]> rows = new ArrayList<>(1);
					List<Object[]> values = new ArrayList<>();
					add(rows, values, id, stored, record);
					insert(rows, values);
				}
			});
		} catch (DuplicateKeyException storedByAnother) {
			// there already: nothing to do
		}
	}

	private void add(List<Object[]> rows, List<Object[]> values, String id, long stored, NewRecord record) {
		long pid = nextPid();
		rows.add(new Object[] {pid, id, record.recorded(), stored, record.json()});
		record.values().forEach(value -> values.add(new Object[] {pid, value.param(), value.system(), value.value()}));
	}

	/** Whether the records HAPI stored before this store existed have been carried over into it. */
	boolean carriedOver() {
		Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + CARRIED_OVER, Integer.class);
		return rows != null && rows > 0;
	}

	void markCarriedOver() {
		jdbc.update("INSERT INTO " + CARRIED_OVER + " (DONE) VALUES (?)", System.currentTimeMillis());
	}

	private void insert(List<Object[]> rows, List<Object[]> values) {
		jdbc.batchUpdate("INSERT INTO " + RECORDS + " (PID, FHIR_ID, RECORDED, STORED, JSON) VALUES (?, ?, ?, ?, ?)", rows);
		jdbc.batchUpdate("INSERT INTO " + VALUES + " (RECORD_ID, PARAM, SYS, VAL) VALUES (?, ?, ?, ?)", values);
	}

	Optional<StoredRecord> read(String id) {
		return jdbc.query("SELECT FHIR_ID, STORED, JSON FROM " + RECORDS + " WHERE FHIR_ID = ?",
				(row, n) -> new StoredRecord(row.getString(1), row.getLong(2), row.getString(3)), id).stream().findFirst();
	}

	/** One page of the records a query finds, in its order. */
	List<StoredRecord> find(AuditQuery query, int offset, int limit) {
		List<Object> args = new ArrayList<>(query.arguments());
		args.add(limit);
		args.add(offset);
		return jdbc.query("SELECT r.FHIR_ID, r.STORED, r.JSON FROM " + RECORDS + " r" + query.where() + query.orderBy()
						+ " LIMIT ? OFFSET ?",
				(row, n) -> new StoredRecord(row.getString(1), row.getLong(2), row.getString(3)), args.toArray());
	}

	int count(AuditQuery query) {
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + RECORDS + " r" + query.where(), Integer.class,
				query.arguments().toArray());
		return count == null ? 0 : count;
	}

	private synchronized long nextPid() {
		if (pidsLeft == 0) {
			String next = postgres ? "SELECT nextval('" + SEQUENCE + "')" : "SELECT NEXT VALUE FOR " + SEQUENCE;
			Long first = jdbc.queryForObject(next, Long.class);
			nextPid = first == null ? 1 : first;
			pidsLeft = PID_BLOCK;
		}
		pidsLeft--;
		return nextPid++;
	}

	private static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot tell which database holds the audit records", e);
		}
	}
}
