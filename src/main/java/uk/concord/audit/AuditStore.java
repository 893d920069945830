package uk.concord.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where audit records are kept: append-only, in tables of their own beside HAPI's. A record is one row holding its
 * JSON, its times and its shape; its references (patient, entity, agent) are one narrow row each, and the values it
 * shares with other records (the kind of access, its outcome...) are stored once per shape ({@link AuditShapes}). A
 * batch of records is inserted with JDBC batches in one transaction. Stored as HAPI resources, each record was ~25 rows
 * written through Hibernate (resource, version, hashed index rows, tags), and storing them cost as much CPU as serving
 * the requests they record (issue 12). Nothing updates or deletes these rows. Records stored before shapes have all
 * their values as rows of their own and no shape; searches look in both places ({@link AuditQuery}).
 */
final class AuditStore {

	static final String RECORDS = "CONCORD_AUDIT_RECORD";
	static final String VALUES = "CONCORD_AUDIT_VALUE";
	static final String SHAPE_VALUES = "CONCORD_AUDIT_SHAPE_VALUE";
	private static final String SHAPES = "CONCORD_AUDIT_SHAPE";
	private static final int[] RECORD_COLUMNS = {Types.BIGINT, Types.VARCHAR, Types.BIGINT, Types.BIGINT, Types.VARCHAR,
			Types.BIGINT};
	private static final String SEQUENCE = "CONCORD_AUDIT_SEQ";
	private static final String CARRIED_OVER = "CONCORD_AUDIT_CARRIED_OVER";
	/** Record numbers are taken from the sequence this many at a time (one round trip per block, in a cluster too). */
	private static final int PID_BLOCK = 50;

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final boolean postgres;
	private final AuditShapes shapes = new AuditShapes();
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
			jdbc.execute("ALTER TABLE " + RECORDS + " ADD COLUMN IF NOT EXISTS SHAPE BIGINT");
			jdbc.execute("CREATE INDEX IF NOT EXISTS " + RECORDS + "_SHAPE ON " + RECORDS + " (SHAPE)");
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + SHAPES + " (SHAPE BIGINT NOT NULL PRIMARY KEY)");
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + SHAPE_VALUES + " (SHAPE BIGINT NOT NULL,"
					+ " PARAM VARCHAR(64) NOT NULL, SYS VARCHAR(768), VAL VARCHAR(768) NOT NULL)");
			jdbc.execute("CREATE INDEX IF NOT EXISTS " + SHAPE_VALUES + "_PARAM_VAL ON " + SHAPE_VALUES
					+ " (PARAM, VAL, SHAPE)");
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
		Batch batch = new Batch(records.size());
		List<String> ids = transactions.execute(status -> {
			long now = System.currentTimeMillis();
			List<String> made = new ArrayList<>(records.size());
			for (NewRecord record : records) {
				String id = TimeOrderedIds.next();
				made.add(id);
				batch.add(id, now, record);
			}
			batch.insert();
			return made;
		});
		shapes.committed(batch.named);
		return ids;
	}

	/**
	 * Stores a record under an id it already has (one carried over from HAPI's tables), unless it is there (another
	 * server of a cluster may be carrying the same records over).
	 */
	void appendWithId(String id, long stored, NewRecord record) {
		Batch batch = new Batch(1);
		try {
			transactions.executeWithoutResult(status -> {
				Integer present = jdbc.queryForObject("SELECT COUNT(*) FROM " + RECORDS + " WHERE FHIR_ID = ?",
						Integer.class, id);
				if (present != null && present == 0) {
					batch.add(id, stored, record);
					batch.insert();
				}
			});
			shapes.committed(batch.named);
		} catch (DuplicateKeyException storedByAnother) {
			// there already: nothing to do
		}
	}

	/** The rows of records stored together, and the shapes they name. */
	private final class Batch {

		private final List<Object[]> records;
		private final List<Object[]> values = new ArrayList<>();
		private final List<Object[]> newShapes = new ArrayList<>();
		private final List<Object[]> newShapeValues = new ArrayList<>();
		/** Every shape the batch names; known to be stored once it commits. */
		private final Set<Long> named = new HashSet<>();

		Batch(int size) {
			records = new ArrayList<>(size);
		}

		void add(String id, long stored, NewRecord record) {
			long pid = nextPid();
			List<AuditIndexValues.Value> shared = new ArrayList<>();
			for (AuditIndexValues.Value value : record.values()) {
				if (value.own()) {
					values.add(new Object[] {pid, value.param(), value.system(), value.value()});
				} else {
					shared.add(value);
				}
			}
			Long shape = shared.isEmpty() ? null : shapeOf(shared);
			records.add(new Object[] {pid, id, record.recorded(), stored, record.json(), shape});
		}

		private long shapeOf(List<AuditIndexValues.Value> shared) {
			long shape = AuditShapes.idOf(shared);
			if (named.add(shape) && !shapes.isStored(shape) && !inDatabase(shape)) {
				newShapes.add(new Object[] {shape});
				shared.forEach(value -> newShapeValues.add(new Object[] {shape, value.param(), value.system(), value.value()}));
			}
			return shape;
		}

		void insert() {
			// a shape another server of a cluster stores at the same moment fails this batch on its key; its records
			// are then stored one by one (AuditTrail), each finding the shape stored
			if (!newShapes.isEmpty()) {
				jdbc.batchUpdate("INSERT INTO " + SHAPES + " (SHAPE) VALUES (?)", newShapes);
				jdbc.batchUpdate("INSERT INTO " + SHAPE_VALUES + " (SHAPE, PARAM, SYS, VAL) VALUES (?, ?, ?, ?)",
						newShapeValues);
			}
			jdbc.batchUpdate("INSERT INTO " + RECORDS + " (PID, FHIR_ID, RECORDED, STORED, JSON, SHAPE)"
					+ " VALUES (?, ?, ?, ?, ?, ?)", records, RECORD_COLUMNS);
			if (!values.isEmpty()) {
				jdbc.batchUpdate("INSERT INTO " + VALUES + " (RECORD_ID, PARAM, SYS, VAL) VALUES (?, ?, ?, ?)", values);
			}
		}
	}

	private boolean inDatabase(long shape) {
		Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + SHAPES + " WHERE SHAPE = ?", Integer.class, shape);
		return rows != null && rows > 0;
	}

	/** Whether the records HAPI stored before this store existed have been carried over into it. */
	boolean carriedOver() {
		Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + CARRIED_OVER, Integer.class);
		return rows != null && rows > 0;
	}

	void markCarriedOver() {
		jdbc.update("INSERT INTO " + CARRIED_OVER + " (DONE) VALUES (?)", System.currentTimeMillis());
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
