package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * The JavaScript libraries developers use, each discovering Concord, getting a token and reading (scripts in
 * src/test/js/security, run with Node). fhirpy, the Python client, is not tried: PyPI cannot be reached from this
 * build. The SMART JS client (fhirclient) signs a parent in, in a real browser: {@link SmartAppInBrowserIT}.
 */
@EmbeddedServerTest
class SmartClientLibrariesIT {

	FhirHttp fhir;

	@Test
	void fhirKitClientDiscoversTheTokenEndpointAndABackendServiceReadsWithAJoseSignedAssertion() throws Exception {
		JsonNode result = NodeClients.script("fhir-kit-client.mjs", Map.of(
				"CONCORD_FHIR_BASE", fhir.base(),
				"CONCORD_BACKEND_KEYS", Path.of("src/test/resources/security/backend-service-demo-private-keys.json")
						.toAbsolutePath().toString()), 120);

		assertThat(result.get("tokenUrl").asText()).isEqualTo(fhir.root() + "/oauth2/token");
		assertThat(result.get("tokenStatus").asInt()).isEqualTo(200);
		assertThat(result.get("scope").asText()).isEqualTo("system/*.rs");
		assertThat(result.get("patient").asText()).isEqualTo("dmd-child");
		// system/*.rs reads, never writes
		assertThat(result.get("writeStatus").asInt()).isEqualTo(403);
	}

	@Test
	void medplumsClientSignsInWithClientCredentialsAndReadsOnlyThePracticesPatients() throws Exception {
		JsonNode result = NodeClients.script("medplum.mjs", Map.of("CONCORD_ROOT", fhir.root()), 120);

		assertThat(result.get("tokenUrl").asText()).isEqualTo(fhir.root() + "/oauth2/token");
		assertThat(result.get("authenticated").asBoolean()).isTrue();
		assertThat(result.get("patient").asText()).isEqualTo("dmd-child");
		List<String> teams = new ArrayList<>();
		result.get("careTeams").forEach(team -> teams.add(team.asText()));
		assertThat(teams).contains("dmd-care-team");
		// Rachel's care team does not include the Riverside practice: refused, with an OperationOutcome
		assertThat(result.get("other").asText()).isNotEqualTo("read").isNotBlank();
	}

	@Test
	void theClientLibrariesArePinned() throws Exception {
		String lock = Files.readString(NodeClients.DIRECTORY.resolve("package-lock.json"));
		assertThat(lock).contains("\"node_modules/fhir-kit-client\"", "\"node_modules/@medplum/core\"",
				"\"node_modules/fhirclient\"", "\"node_modules/playwright-core\"", "\"node_modules/jose\"");
	}
}
