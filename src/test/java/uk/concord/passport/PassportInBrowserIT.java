package uk.concord.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * A carer opens the health passport in a real browser (headless Chromium). Without Chromium the test is skipped with
 * a message, except under {@code CI=true}, where it fails.
 */
@EmbeddedServerTest
class PassportInBrowserIT {

	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
	static final Path SCREENSHOT = Path.of("target", "passport.png");

	FhirHttp fhir;

	@TempDir
	Path profile;

	@BeforeAll
	static void needsChromium() {
		boolean present = Files.isExecutable(CHROMIUM);
		if (!present && "true".equals(System.getenv("CI"))) {
			throw new AssertionError("Chromium is required under CI=true but " + CHROMIUM
					+ " is missing (apt-get install -y chromium)");
		}
		assumeTrue(present, "Skipped: no Chromium at " + CHROMIUM + " (apt-get install -y chromium, or set CHROMIUM)");
	}

	@Test
	void theRenderedPassportShowsTheCoordinatorAndTheEmergencyPlan() throws Exception {
		String dom = chromium("--dump-dom", url()).stdout();

		assertThat(dom)
				.contains("Sam Patel")
				.contains("020 7405 9201")
				.contains("Emergency care plan - Duchenne muscular dystrophy")
				.contains("Do NOT use suxamethonium or volatile anaesthetics")
				.contains("ORPHA:98896")
				.contains("943 476 5919");
	}

	@Test
	void aScreenshotOfThePassportIsKeptUnderTarget() throws Exception {
		Files.createDirectories(SCREENSHOT.getParent());
		Files.deleteIfExists(SCREENSHOT);

		chromium("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1200,1800", url());

		assertThat(SCREENSHOT).exists();
		assertThat(Files.size(SCREENSHOT)).isGreaterThan(20_000);
	}

	/** The page as the patient app fetched it with its token, saved for the browser (which has no token). */
	String url() throws IOException {
		FhirHttp.Response page = fhir.as("patient-app").getAny(fhir.root() + "/passport/Patient/dmd-child");
		assertThat(page.status()).isEqualTo(200);
		Path file = profile.resolve("passport.html");
		Files.writeString(file, page.body());
		return file.toUri().toString();
	}

	Result chromium(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(
				CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath()));
		command.addAll(List.of(args));
		Path out = profile.resolve("stdout.txt");
		Path err = profile.resolve("stderr.txt");
		Process process = new ProcessBuilder(command)
				.redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.start();
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("Chromium did not finish within 90 s: " + Files.readString(err));
		}
		String stderr = Files.readString(err, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("chromium exit code; stderr: %s", stderr).isZero();
		return new Result(Files.readString(out, StandardCharsets.UTF_8), stderr);
	}

	record Result(String stdout, String stderr) {}
}
