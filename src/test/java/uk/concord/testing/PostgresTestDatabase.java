package uk.concord.testing;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test server's data source at the test PostgreSQL database ({@link PostgresAvailableCondition}). An
 * initializer rather than a {@code @DynamicPropertySource} method: those are part of the Spring context's cache key,
 * one per test class, so two classes could not share a running server.
 */
public class PostgresTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("concord-test-database", Map.of(
				"spring.datasource.url", PostgresAvailableCondition.URL,
				"spring.datasource.username", PostgresAvailableCondition.USER,
				"spring.datasource.password", System.getenv().getOrDefault("CONCORD_TEST_DB_PASSWORD", ""))));
	}
}
