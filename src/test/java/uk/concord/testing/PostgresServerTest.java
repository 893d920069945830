package uk.concord.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * A Concord server on the {@code postgres} profile, against the test PostgreSQL server ({@link PostgresTestDatabase}),
 * on a random port; skipped where that server does not answer. Every test class that uses this annotation, and
 * nothing else that changes the context, shares one running server (a context costs the suite half a minute or
 * more); its {@link FhirHttp} fields are connected to it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfPostgresAvailable
@ActiveProfiles("postgres")
@SpringBootTest(
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
			"concord.server.data-dir=target/test-data/postgres",
			// tokens from the development server here; production points at a real issuer
			"concord.security.dev-server.enabled=true",
			// subscriptions deliver to receivers the tests run on this machine, and give up quickly
			"concord.coordination.subscriptions.endpoints=http://localhost:",
			"concord.coordination.subscriptions.first-retry-after=200ms",
			"concord.coordination.subscriptions.give-up-after=3s"
		})
@ContextConfiguration(initializers = PostgresTestDatabase.class)
@ExtendWith(FhirHttpInjector.class)
public @interface PostgresServerTest {}
