package uk.concord.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
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
	static final Path PHONE = Path.of("target", "passport-phone.png");
	static final Path A4 = Path.of("target", "passport-a4.png");
	/**
	 * Shows the passport in a frame of the given width (headless Chromium's window is at least 500 px wide) and, once
	 * loaded, writes the frame's width, the page's own width (wider means scrolling sideways) and the text size into
	 * the DOM for {@code --dump-dom}.
	 */
	static final String MEASURE = """
			<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="passport.html" style="border:0;width:%dpx;height:900px"></iframe>
			<script>window.onload = function () {
			  var w = document.getElementById('f').contentWindow, e = w.document.documentElement;
			  document.body.insertAdjacentHTML('beforeend', '<p id="measured" data-viewport="' + w.innerWidth
			    + '" data-content="' + Math.max(e.scrollWidth, w.document.body.scrollWidth)
			    + '" data-font="' + w.getComputedStyle(w.document.body).fontSize + '"></p>');
			};</script></body></html>
			""";

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
	void theRenderedPassportShowsEverySectionAParentWouldCarryToAandE() throws Exception {
		String dom = chromium("--dump-dom", "--window-size=390,900", url()).stdout();

		assertThat(dom)
				.contains("Sam Patel")
				.contains("020 7405 9201")
				.contains("Emergency care plan - Duchenne muscular dystrophy")
				.contains("Do NOT use suxamethonium or volatile anaesthetics")
				.contains("ORPHA:98896")
				.contains("943 476 5919")
				.contains("Correct as of")
				.contains("Mother (Claire Bennett), phone:");
		for (String section : List.of("alerts", "emergency-care-plan", "allergies", "medications", "conditions",
				"care-coordinator", "family-contacts", "care-team")) {
			assertThat(dom).as(section).containsPattern("<section[^>]* id=\"" + section + "\"");
		}
		assertThat(dom).containsPattern("<section class=\"alert\" id=\"alerts\"")
				.containsPattern("<section class=\"emergency\" id=\"emergency-care-plan\"");
	}

	@Test
	void onAPhoneThePassportFitsTheScreenWidthWithoutScrollingSideways() throws Exception {
		Widths widths = widths(390);

		assertThat(widths.viewport()).isEqualTo(390);
		assertThat(widths.content()).as("page width at 390 px").isLessThanOrEqualTo(390);
		assertThat(widths.font()).as("body text size in px").isGreaterThanOrEqualTo(18);
	}

	@Test
	void atA4WidthThePassportFitsThePageWidth() throws Exception {
		Widths widths = widths(794);

		assertThat(widths.content()).as("page width at 794 px").isLessThanOrEqualTo(794);
	}

	@Test
	void screenshotsAtPhoneAndA4WidthAreKeptUnderTarget() throws Exception {
		for (Shot shot : List.of(new Shot(PHONE, 390, 1800), new Shot(A4, 794, 1123))) {
			Files.createDirectories(shot.file().getParent());
			Files.deleteIfExists(shot.file());

			chromium("--screenshot=" + shot.file().toAbsolutePath(), "--hide-scrollbars",
					"--window-size=" + shot.width() + "," + shot.height(), url());

			BufferedImage image = ImageIO.read(shot.file().toFile());
			assertThat(image.getWidth()).as(shot.file().toString()).isEqualTo(shot.width());
			assertThat(Files.size(shot.file())).as(shot.file().toString()).isGreaterThan(20_000);
			// the alert box's red border is on screen near the top, within the screen's width
			assertThat(hasWarningRed(image)).as("red alert box in " + shot.file()).isTrue();
		}
	}

	record Shot(Path file, int width, int height) {}

	record Widths(int viewport, int content, double font) {}

	/** The frame's width and the page's own width in it, measured by the browser. */
	Widths widths(int windowWidth) throws Exception {
		url();
		Path frame = profile.resolve("measure.html");
		Files.writeString(frame, MEASURE.formatted(windowWidth));
		String dom = chromium("--dump-dom", "--allow-file-access-from-files", "--virtual-time-budget=5000",
				"--window-size=1000,1000", frame.toUri().toString()).stdout();
		Matcher measured = Pattern.compile("data-viewport=\"(\\d+)\" data-content=\"(\\d+)\" data-font=\"([\\d.]+)px\"").matcher(dom);
		assertThat(measured.find()).as("measurements in %s", dom.length() > 400 ? dom.substring(dom.length() - 400) : dom).isTrue();
		return new Widths(Integer.parseInt(measured.group(1)), Integer.parseInt(measured.group(2)),
				Double.parseDouble(measured.group(3)));
	}

	static boolean hasWarningRed(BufferedImage image) {
		for (int y = 0; y < image.getHeight(); y += 2) {
			for (int x = 0; x < image.getWidth(); x += 2) {
				int rgb = image.getRGB(x, y);
				int r = (rgb >> 16) & 0xff;
				int g = (rgb >> 8) & 0xff;
				int b = rgb & 0xff;
				if (Math.abs(r - 0xd5) < 12 && Math.abs(g - 0x28) < 12 && Math.abs(b - 0x1b) < 12) {
					return true;
				}
			}
		}
		return false;
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
