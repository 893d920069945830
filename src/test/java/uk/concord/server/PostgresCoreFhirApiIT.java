package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.concord.testing.EnabledIfPostgresAvailable;
import uk.concord.testing.PostgresAvailableCondition;

/** The same core FHIR behaviour on the {@code postgres} profile, against a real PostgreSQL server. */
@EnabledIfPostgresAvailable
@ActiveProfiles("postgres")
@SpringBootTest(
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
			"concord.server.data-dir=target/test-data/postgres",
			// tokens from the development server here; production points at a real issuer
			"concord.security.dev-server.enabled=true"
		})
class PostgresCoreFhirApiIT extends CoreFhirApiContract {

	@Test
	void aRealDatabaseGetsNoDemoRecords() {
		assertThat(fhir.get("Patient/dmd-child").status()).isIn(404, 410);
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> PostgresAvailableCondition.URL);
		registry.add("spring.datasource.username", () -> PostgresAvailableCondition.USER);
		registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("CONCORD_TEST_DB_PASSWORD", ""));
	}
}
