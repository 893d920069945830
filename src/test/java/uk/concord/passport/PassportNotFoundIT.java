package uk.concord.passport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * The passport page tells a token that may not see a patient nothing about whether the patient exists: Rachel
 * ({@code swan-adult}, NHS Number 9449305552, not cared for by Riverside) and nobody get the same 404 page.
 */
@EmbeddedServerTest
class PassportNotFoundIT {

	FhirHttp fhir;

	@Test
	void aPassportOutOfReachLooksLikeAPassportThatDoesNotExist() {
		FhirHttp gp = fhir.as("gp-riverside");
		String byNhs = gp.root() + "/passport/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C";
		FhirHttp.Response rachel = gp.getAny(byNhs + "9449305552");
		FhirHttp.Response nobody = gp.getAny(byNhs + "9000000009");
		assertThat(rachel.status()).isEqualTo(404);
		assertThat(nobody.status()).isEqualTo(404);
		assertThat(rachel.body()).isEqualTo(nobody.body()).doesNotContain("Rachel");

		FhirHttp.Response byId = gp.getAny(gp.root() + "/passport/Patient/swan-adult");
		FhirHttp.Response noId = gp.getAny(gp.root() + "/passport/Patient/no-such-patient");
		assertThat(byId.status()).isEqualTo(404);
		assertThat(byId.body()).isEqualTo(noId.body());

		assertThat(gp.getAny(gp.root() + "/passport/Patient/dmd-child").status()).isEqualTo(200);
	}
}
