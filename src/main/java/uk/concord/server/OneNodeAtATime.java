package uk.concord.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Start-up work that nodes sharing one database must not do at the same moment (creating shared tables, replacing
 * the installed FHIR package). On PostgreSQL each kind of work, named, takes a transaction-scoped advisory lock on a
 * connection of its own while it runs: a node that starts meanwhile waits for it, and the lock is released when the
 * work ends or its node dies. The embedded H2 database is opened by one process only, so there the work just runs.
 */
public final class OneNodeAtATime {

	private final DataSource dataSource;

	public OneNodeAtATime(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Runs {@code work} once no other node is running work of the same name. */
	public void run(String name, Runnable work) {
		try (Connection connection = dataSource.getConnection()) {
			if (isPostgres(connection)) {
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					// String.hashCode is the same in every JVM, so every node takes the same lock for a name
					statement.execute("select pg_advisory_xact_lock(" + name.hashCode() + ")");
					work.run();
					return;
				} finally {
					connection.rollback();
				}
			}
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot take the database lock for " + name, e);
		}
		work.run();
	}

	static boolean isPostgres(Connection connection) throws SQLException {
		return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
	}
}
