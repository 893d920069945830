package uk.concord.passport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/** The passport as a PDF file to carry, print or send. */
@EmbeddedServerTest
class PassportPdfIT {

	@LocalServerPort
	int port;

	FhirHttp fhir;

	@Test
	void thePassportPdfShowsTheCoordinatorAndWhatToDoInAnEmergency() throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/passport/Patient/dmd-child?format=pdf")).header("Authorization", "Bearer " + fhir.token()).build(),
				HttpResponse.BodyHandlers.ofByteArray());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		try (PDDocument pdf = Loader.loadPDF(response.body())) {
			String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
			assertThat(text).contains("Patel").contains("hydrocortisone").contains("943 476 5919").contains("ORPHA:98896")
					.contains("Alert").contains("In an emergency").contains("Correct as of")
					.contains("Mother (Claire Bennett), phone: 07700 900123");
		}
	}

	@Test
	void theDemoPatientsPassportsPrintOnTwoA4PagesAtMost() throws Exception {
		for (String patient : new String[] {"dmd-child", "swan-adult"}) {
			try (PDDocument pdf = Loader.loadPDF(pdf(patient))) {
				assertThat(pdf.getNumberOfPages()).as(patient).isBetween(1, 2);
				// A4 is 595 × 842 points
				assertThat(pdf.getPage(0).getMediaBox().getWidth()).as(patient).isCloseTo(595f, org.assertj.core.data.Offset.offset(2f));
			}
		}
	}

	@Test
	void thePdfKeepsTheRedAlertAndEmergencyBoxes() throws Exception {
		// the red of the boxes' borders (#d5281b) drawn as a stroke colour: 0.835 0.157 0.106 RG
		try (PDDocument pdf = Loader.loadPDF(pdf("dmd-child"))) {
			String drawing = new String(pdf.getPage(0).getContents().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
			assertThat(drawing).containsPattern("0\\.83\\d* 0\\.15\\d* 0\\.10\\d* (RG|rg)");
		}
	}

	byte[] pdf(String patient) throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/passport/Patient/" + patient + "?format=pdf"))
						.header("Authorization", "Bearer " + fhir.token()).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).as(patient).isEqualTo(200);
		return response.body();
	}

	@Test
	void aCoordinatorWhoHandedOverIsNoLongerShownAsCoordinator() throws Exception {
		// The guide's handover example: Dr Okafor coordinated until 2019, Sam Patel since.
		String bundle = java.nio.file.Files.readString(java.nio.file.Path.of("ig/examples/bundles/Bundle-3-other-examples.json"));
		HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir"))
						.header("Content-Type", "application/fhir+json")
						.header("Authorization", "Bearer " + fhir.token())
						.POST(HttpRequest.BodyPublishers.ofString(bundle)).header("Authorization", "Bearer " + fhir.token()).build(),
				HttpResponse.BodyHandlers.discarding());

		String page = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/passport/Patient/dmd-child")).header("Authorization", "Bearer " + fhir.token()).build(),
				HttpResponse.BodyHandlers.ofString()).body();

		// Coordinators are shown as a person line; other members in the team table.
		assertThat(page).contains("<p class=\"person\">Sam Patel</p>").doesNotContain("<p class=\"person\">Dr Amara Okafor</p>");
	}

	@Test
	void anUnknownPatientGetsThe404PageNotAnEmptyPdf() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/passport/Patient/nobody-here?format=pdf")).header("Authorization", "Bearer " + fhir.token()).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
	}

	@Test
	void thePassportPageIsShownOnlyToWhoMayReadThePatient() {
		String page = fhir.root() + "/passport/Patient/";
		assertThat(fhir.as("patient-app").getAny(page + "dmd-child").status()).isEqualTo(200);
		assertThat(fhir.as("gp-riverside").getAny(page + "dmd-child").status()).isEqualTo(200);

		// answered as for a patient who does not exist (PassportNotFoundIT)
		FhirHttp.Response other = fhir.as("patient-app").getAny(page + "swan-adult");
		assertThat(other.status()).isEqualTo(404);
		assertThat(other.body()).contains("Not found").doesNotContain("Rachel");
		assertThat(fhir.as("gp-riverside").getAny(page + "swan-adult").status()).isEqualTo(404);
		assertThat(fhir.as("auditor").getAny(page + "dmd-child").status()).isEqualTo(404);
		assertThat(fhir.anonymous().getAny(page + "dmd-child").status()).isEqualTo(401);
	}
}
