package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * A parent signs in to a SMART app in a real browser: headless Chromium, driven by playwright-core, opens an app
 * (served from 127.0.0.1 by the script) that uses the SMART JS client (fhirclient) for a standalone launch; the
 * parent signs in as {@code claire} on Concord's login page; the app gets a token through the authorization code
 * grant with PKCE, reads Oliver's record and is refused Rachel's. Screenshots of the login page and the app are
 * kept under target/. Without Chromium the test is skipped with a message, except under {@code CI=true}.
 */
@EmbeddedServerTest
class SmartAppInBrowserIT {

	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	FhirHttp fhir;

	@BeforeAll
	static void needsChromium() {
		boolean present = Files.isExecutable(CHROMIUM);
		if (!present && "true".equals(System.getenv("CI"))) {
			throw new AssertionError("Chromium is required under CI=true but " + CHROMIUM + " is missing");
		}
		assumeTrue(present, "Skipped: no Chromium at " + CHROMIUM + " (apt-get install -y chromium, or set CHROMIUM)");
	}

	@Test
	void aParentSignsInThroughTheAppAndSeesOnlyTheirChildsRecord() throws Exception {
		Path screenshots = Files.createDirectories(Path.of("target").toAbsolutePath());

		JsonNode result = NodeClients.script("smart-app-in-browser.mjs", Map.of(
				"CONCORD_FHIR_BASE", fhir.base(),
				"CHROMIUM", CHROMIUM.toString(),
				"SCREENSHOTS", screenshots.toString()), 180);

		assertThat(result.has("error")).as(result.toString()).isFalse();
		assertThat(result.get("loginUrl").asText()).startsWith(fhir.root() + "/login");
		assertThat(result.get("appUrl").asText()).contains("127.0.0.1").contains("/callback");
		assertThat(result.get("patientContext").asText()).isEqualTo("dmd-child");
		assertThat(result.get("patient").asText()).isEqualTo("dmd-child");
		assertThat(result.get("heading").asText()).isEqualTo("Oliver Bennett");
		assertThat(result.get("fhirUser").asText()).isEqualTo("RelatedPerson/dmd-mother");
		assertThat(result.get("scope").asText()).contains("patient/*.rs", "launch/patient", "openid", "fhirUser");
		List<String> plans = new ArrayList<>();
		result.get("carePlans").forEach(plan -> plans.add(plan.asText()));
		assertThat(plans).contains("dmd-emergency-care-plan").noneMatch(plan -> plan.startsWith("swan"));
		assertThat(result.get("otherPatient").asInt()).isIn(403, 404);
		assertThat(screenshots.resolve("smart-login.png")).isNotEmptyFile();
	}
}
