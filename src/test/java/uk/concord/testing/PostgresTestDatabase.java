package uk.concord.testing;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test server's data source at a PostgreSQL database made empty once per test run
 * ({@link PostgresDatabases#fresh}, beside the test database of {@link PostgresAvailableCondition}). Empty, because
 * rows left by earlier runs make later ones fail by chance: a Patient's NHS Number is unique, and a run's random test
 * numbers then meet numbers stored by a run before. An initializer rather than a {@code @DynamicPropertySource}
 * method: those are part of the Spring context's cache key, one per test class, so two classes could not share a
 * running server.
 */
public class PostgresTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("concord-test-database", Map.of(
				"spring.datasource.url", ThisRun.URL,
				"spring.datasource.username", PostgresAvailableCondition.USER,
				"spring.datasource.password", System.getenv().getOrDefault("CONCORD_TEST_DB_PASSWORD", ""))));
	}

	/** Created on first use, so once per JVM: a second context in the same run sees the first one's data, not a drop. */
	private static final class ThisRun {
		static final String URL = PostgresDatabases.fresh("server");
	}
}
