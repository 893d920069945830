package uk.concord.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A Concord server on the embedded default (H2 file database + Lucene) on a random port. Every test class that uses
 * this annotation, and nothing else that changes the context, shares one running server; its {@link FhirHttp}
 * fields are connected to it. Its data folder starts empty at each test run ({@link EmptyDataDirectory}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
			"concord.server.data-dir=target/test-data/embedded",
			// browser apps served from 127.0.0.1 (any port) may call the server, as the SMART app tests need
			"concord.server.cors.enabled=true",
			"concord.server.cors.allowed-origins=http://127.0.0.1:*",
			// subscriptions deliver to receivers the tests run on this machine, and give up quickly
			"concord.coordination.subscriptions.endpoints=http://localhost:",
			"concord.coordination.subscriptions.first-retry-after=200ms",
			"concord.coordination.subscriptions.give-up-after=3s"
		})
@ContextConfiguration(initializers = EmptyDataDirectory.class)
@ExtendWith(FhirHttpInjector.class)
public @interface EmbeddedServerTest {}
