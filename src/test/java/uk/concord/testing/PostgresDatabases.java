package uk.concord.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * New, empty PostgreSQL databases beside the test database, for tests that need several (a server and the one its
 * backup is restored into, a cluster's own): named after the test database ({@code test} gives {@code test_cluster}),
 * so engineers and CI runs that use different test databases never share them. Each is dropped and created again.
 */
public final class PostgresDatabases {

	private PostgresDatabases() {}

	/** The JDBC URL of a new empty database {@code <test database>_<suffix>}. */
	public static String fresh(String suffix) {
		String name = name(PostgresAvailableCondition.URL) + "_" + suffix;
		try (Connection connection = DriverManager.getConnection(PostgresAvailableCondition.URL, PostgresAvailableCondition.USER, password());
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name + " with (force)");
			statement.execute("create database " + name);
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot create the test database " + name, e);
		}
		return PostgresAvailableCondition.URL.substring(0, PostgresAvailableCondition.URL.lastIndexOf('/') + 1) + name;
	}

	public static Connection connect(String url) throws SQLException {
		return DriverManager.getConnection(url, PostgresAvailableCondition.USER, password());
	}

	/** What the postgres profile reads (CONCORD_DB_*), for a server process on this database. */
	public static Map<String, String> environmentFor(String url) {
		return Map.of("CONCORD_DB_URL", url, "CONCORD_DB_USER", PostgresAvailableCondition.USER, "CONCORD_DB_PASSWORD", password());
	}

	/** {@code -h host -p port -U user} for PostgreSQL's command-line tools. */
	public static String[] connectionOptions(String url) {
		URI uri = URI.create(url.substring("jdbc:".length()));
		return new String[] {"-h", uri.getHost(), "-p", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()),
			"-U", PostgresAvailableCondition.USER};
	}

	public static String name(String url) {
		String path = URI.create(url.substring("jdbc:".length())).getPath();
		return path.substring(1);
	}

	private static String password() {
		return System.getenv().getOrDefault("CONCORD_TEST_DB_PASSWORD", "");
	}
}
