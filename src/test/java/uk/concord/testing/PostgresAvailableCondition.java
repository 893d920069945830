package uk.concord.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link EnabledIfPostgresAvailable}. */
public class PostgresAvailableCondition implements ExecutionCondition {

	/** The test database: the local server's {@code test} database unless CONCORD_TEST_DB_URL names another. */
	public static final String URL = System.getenv().getOrDefault(
			"CONCORD_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	public static final String USER = System.getenv().getOrDefault("CONCORD_TEST_DB_USER", "postgres");

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			return ConditionEvaluationResult.enabled("CI=true: PostgreSQL tests always run");
		}
		try (Connection ignored = DriverManager.getConnection(URL, USER, System.getenv("CONCORD_TEST_DB_PASSWORD"))) {
			return ConditionEvaluationResult.enabled("PostgreSQL answers at " + URL);
		} catch (SQLException e) {
			String message = "PostgreSQL tests skipped: no database at " + URL + " (" + e.getMessage() + ")";
			System.err.println(message);
			return ConditionEvaluationResult.disabled(message);
		}
	}
}
