package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import uk.concord.testing.PostgresServerTest;

/** The same core FHIR behaviour on the {@code postgres} profile, against a real PostgreSQL server. */
@PostgresServerTest
class PostgresCoreFhirApiIT extends CoreFhirApiContract {

	@Test
	void aRealDatabaseGetsNoDemoRecords() {
		assertThat(fhir.get("Patient/dmd-child").status()).isIn(404, 410);
	}
}
