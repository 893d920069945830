package uk.concord.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.Result;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/** The emergency card: issued by the family or the coordinator, scanned by anyone, opening the emergency view only. */
@EmbeddedServerTest
class EmergencyCardIT {

	private static final String OLIVER = "dmd-child";
	private static final String ASK = "Ask the patient for their card";
	private static final String USER_AGENT = "EmergencyCardIT-phone/1.0";

	FhirHttp fhir;

	@Autowired
	EmergencyCards cards;

	@Autowired
	DaoRegistry daos;

	@Autowired
	ScanAudit scanAudit;

	private final HttpClient phone = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void thePatientIssuesAWalletSizedCardWithNameConditionCoordinatorsPhoneAndAQrCodeOfTheScanAddress() throws Exception {
		Issued card = issue("patient-app", OLIVER);

		assertThat(card.status()).isEqualTo(201);
		String token = card.url().substring(card.url().lastIndexOf('/') + 1);
		assertThat(card.url()).isEqualTo(fhir.root() + "/emergency/" + token);
		assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
		try (PDDocument pdf = Loader.loadPDF(card.pdf())) {
			assertThat(pdf.getNumberOfPages()).isEqualTo(1);
			PDRectangle size = pdf.getPage(0).getMediaBox();
			// ID-1 card: 85.6 x 54 mm, in points (1 mm = 72 / 25.4 pt)
			assertThat(size.getWidth()).isCloseTo(242.6f, org.assertj.core.data.Offset.offset(1.5f));
			assertThat(size.getHeight()).isCloseTo(153.1f, org.assertj.core.data.Offset.offset(1.5f));
			String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
			assertThat(text).contains("Oliver Bennett").contains("Duchenne muscular dystrophy").contains("020 7405 9201")
					.containsIgnoringCase("Care coordinator: Sam Patel").doesNotContain(token);
			assertThat(qrCodesOn(pdf)).containsExactly(card.url());
		}
	}

	@Test
	void scanningTheCardOpensTheEmergencyViewWithExactlyAlertsEmergencyPlanAndWhomToCall() throws Exception {
		Issued card = issue("patient-app", OLIVER);

		HttpResponse<String> scan = scan(card.url());
		assertThat(scan.statusCode()).isEqualTo(303);
		String view = scan.headers().firstValue("Location").orElseThrow();
		assertThat(view).doesNotContain(card.token());
		HttpResponse<String> page = scan(fhir.root() + view);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		Document html = Jsoup.parse(page.body());
		assertThat(html.select("main section").stream().map(Element::id))
				.containsExactly("alerts", "emergency-care-plan", "whom-to-call");
		assertThat(html.select("h1").text()).isEqualTo("Oliver Bennett");
		assertThat(html.select("#alerts").text()).contains("adrenal crisis risk");
		assertThat(html.select("#emergency-care-plan").text()).contains("hydrocortisone")
				.contains("Emergency department to call the neuromuscular team");
		assertThat(html.select("#whom-to-call").text())
				.contains("Care coordinator: Sam Patel").contains("020 7405 9201")
				.contains("Mother: Claire Bennett").contains("07700 900123");
		assertThat(html.select("#whom-to-call a[href]").eachAttr("href")).allMatch(href -> href.startsWith("tel:"));
		// nothing else of the record: no NHS Number, care plans, letters or other conditions' notes
		assertThat(html.body().text()).doesNotContain("9434765919").doesNotContain("943 476 5919")
				.doesNotContain("Transition").doesNotContain("letter").doesNotContain("Goal");
		assertThat(html.select("meta[http-equiv=refresh]").attr("content")).isEqualTo("900;url=/emergency/view/closed");
	}

	@Test
	void theCarerSignedInAndTheCareCoordinatorMayIssueButOtherCliniciansSystemsAndOtherPatientsMayNot() {
		assertThat(issue("care-coordinator", OLIVER).status()).isEqualTo(201);

		assertRefused(issue("gp-riverside", OLIVER).raw(), 403);
		assertRefused(issue("ehr-system", OLIVER).raw(), 403);
		assertRefused(issue("patient-app", "swan-adult").raw(), 403);
		assertRefused(issue("care-coordinator", "swan-adult").raw(), 403);
		assertThat(fhir.anonymous().post(fhir.root() + "/emergency-card/Patient/" + OLIVER, "application/fhir+json", "").status())
				.isEqualTo(401);
	}

	@Test
	void aRevokedCardAndTheCardAReissueReplacedShowOnlyAskThePatientAndCloseTheirOpenViews() throws Exception {
		Issued first = issue("patient-app", OLIVER);
		String openView = fhir.root() + scan(first.url()).headers().firstValue("Location").orElseThrow();
		assertThat(scan(openView).statusCode()).isEqualTo(200);

		Issued second = issue("patient-app", OLIVER);
		assertAskForTheCard(scan(first.url()));
		assertAskForTheCard(scan(openView));
		assertThat(scan(second.url()).statusCode()).isEqualTo(303);

		FhirHttp.Response revoked = fhir.as("patient-app").post(fhir.root() + "/emergency-card/Patient/" + OLIVER + "/revoke",
				"application/fhir+json", "");
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.as(Parameters.class).getParameterValue("revoked").primitiveValue()).isEqualTo("1");
		assertAskForTheCard(scan(second.url()));
	}

	/**
	 * Every reissue keeps the replaced card, so a patient's cards only grow; revoking a lost card must still find it.
	 * (A search from inside the server once stopped at 200 matches without a sign, and the lost card kept working.)
	 */
	@Test
	void revokingALostCardStopsItWorkingHoweverManyCardsThePatientHadBefore() throws Exception {
		String patient = "swan-adult";
		Instant longAgo = Instant.now().minus(Duration.ofDays(3650));
		for (int i = 0; i < 200; i++) {
			cards.issue(patient, "EmergencyCardIT", CardToken.create(), longAgo, longAgo.plus(Duration.ofDays(1)));
		}
		EmergencyCards.Issued lost = cards.issue(patient, "EmergencyCardIT", CardToken.create(), Instant.now(),
				Instant.now().plus(Duration.ofDays(30)));
		String url = fhir.root() + ScanController.SCAN + lost.token();
		assertThat(scan(url).statusCode()).isEqualTo(303);

		assertThat(cards.revokeAll(patient)).isEqualTo(1);
		assertAskForTheCard(scan(url));
	}

	/** Alerts that ended stay in the record; the emergency view still shows the ones in force, however many ended. */
	@Test
	void theEmergencyViewShowsTheAlertsInForceHoweverManyAlertsEnded() throws Exception {
		String patient = "swan-adult";
		for (int i = 0; i < 200; i++) {
			Flag ended = new Flag().setStatus(Flag.FlagStatus.INACTIVE).setSubject(new Reference("Patient/" + patient));
			ended.getCode().setText("Ended alert " + i);
			daos.getResourceDao(Flag.class).create(ended, new SystemRequestDetails());
		}
		String token = CardToken.create();
		cards.issue(patient, "EmergencyCardIT", token, Instant.now(), Instant.now().plus(Duration.ofDays(1)));

		HttpResponse<String> view = scan(fhir.root() + scan(fhir.root() + ScanController.SCAN + token).headers()
				.firstValue("Location").orElseThrow());
		assertThat(view.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(view.body()).select("#alerts").text())
				.contains("Undiagnosed rare disorder with ataxia").doesNotContain("Ended alert");
	}

	@Test
	void anExpiredCardShowsOnlyAskThePatient() throws Exception {
		String token = CardToken.create();
		Instant issued = Instant.now().minus(Duration.ofDays(800));
		cards.issue(OLIVER, "EmergencyCardIT", token, issued, issued.plus(Duration.ofDays(730)));

		assertAskForTheCard(scan(fhir.root() + "/emergency/" + token));
	}

	@Test
	void guessingFromOneAddressIsThrottledWhileOtherAddressesStillScan() throws Exception {
		Issued card = issue("patient-app", OLIVER);
		String guesser = "127.0.0.2";
		for (int i = 0; i < 10; i++) {
			assertThat(statusFrom(guesser, "/emergency/" + CardToken.create())).isEqualTo(404);
		}

		assertThat(statusFrom(guesser, "/emergency/" + CardToken.create())).isEqualTo(429);
		assertThat(statusFrom(guesser, "/emergency/" + card.token())).isEqualTo(429);
		assertThat(statusFrom("127.0.0.1", "/emergency/" + card.token())).isEqualTo(303);
	}

	@Test
	void everyScanIsAuditedLikeBreakGlassWithAddressAndUserAgentAndListedForThePatient() throws Exception {
		Issued card = issue("patient-app", OLIVER);
		Instant before = Instant.now();
		scan(card.url());

		AuditEvent event = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
				() -> scans("patient-app").stream()
						.filter(e -> e.getRecorded().toInstant().isAfter(before.minusSeconds(1)))
						.filter(e -> e.getEntity().stream().anyMatch(x -> ("Basic/" + card.cardId())
								.equals(x.getWhat().getReferenceElement().toUnqualifiedVersionless().getValue())))
						.findFirst().orElse(null),
				e -> e != null);

		assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("BTG");
		assertThat(event.getAgentFirstRep().getNetwork().getAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(event.getEntity()).anyMatch(e -> e.getDetail().stream()
				.anyMatch(d -> "user-agent".equals(d.getType()) && USER_AGENT.equals(d.getValue().primitiveValue())));
		assertThat(event.getEntity()).anyMatch(e -> "Patient/dmd-child".equals(e.getWhat().getReference()));
		// the coordinator sees them too; a GP who is not the coordinator does not
		assertThat(fhir.as("care-coordinator").getAny(fhir.root() + "/emergency-card/Patient/" + OLIVER + "/scans")
				.status()).isEqualTo(200);
		assertRefused(fhir.as("gp-riverside").getAny(fhir.root() + "/emergency-card/Patient/" + OLIVER + "/scans"), 403);
	}

	@Test
	void theScansAreListedAPageAtATimeNewestFirstWithLinksToTheRest() throws Exception {
		// another patient's card scanned too: its scan must not appear on Oliver's pages
		EmergencyCards.Issued other = cards.issue("swan-adult", "EmergencyCardIT");
		assertThat(scan(fhir.root() + "/emergency/" + other.token()).statusCode()).isEqualTo(303);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
				.until(() -> scanAudit.of("swan-adult", 0, 1).total() > 0);
		Issued card = issue("patient-app", OLIVER);
		for (int i = 0; i < 3; i++) {
			assertThat(scan(card.url()).statusCode()).isEqualTo(303);
		}
		String scans = fhir.root() + "/emergency-card/Patient/" + OLIVER + "/scans";
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
				() -> page(scans + "?_count=3").getEntry().stream().filter(e -> scanOf(e, card)).count() == 3);

		Bundle first = page(scans + "?_count=2");
		assertThat(first.getEntry()).hasSize(2).allMatch(e -> scanOf(e, card));
		assertThat(first.getTotal()).isGreaterThanOrEqualTo(3);
		assertThat(first.getLink("previous")).isNull();
		assertThat(first.getLink("next").getUrl()).isEqualTo(scans + "?_count=2&_offset=2");
		Bundle second = page(first.getLink("next").getUrl());
		assertThat(second.getTotal()).isEqualTo(first.getTotal());
		assertThat(second.getEntry()).isNotEmpty();
		assertThat(scanOf(second.getEntryFirstRep(), card)).isTrue();
		assertThat(second.getEntryFirstRep().getResource().getIdElement().getIdPart())
				.isNotIn(first.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList());
		assertThat(((AuditEvent) second.getEntryFirstRep().getResource()).getRecorded())
				.isBeforeOrEqualTo(((AuditEvent) first.getEntry().get(1).getResource()).getRecorded());
		assertThat(second.getLink("previous").getUrl()).isEqualTo(scans + "?_count=2&_offset=0");
		assertThat(List.of(first, second)).flatMap(Bundle::getEntry)
				.allMatch(e -> ((AuditEvent) e.getResource()).getEntity().stream()
						.anyMatch(x -> ("Patient/" + OLIVER).equals(x.getWhat().getReference())))
				.noneMatch(e -> ((AuditEvent) e.getResource()).getEntity().stream()
						.anyMatch(x -> "Patient/swan-adult".equals(x.getWhat().getReference())));

		for (String bad : List.of("?_count=two", "?_count=-1", "?_offset=-2")) {
			FhirHttp.Response refused = fhir.as("patient-app").getAny(scans + bad);
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.as(OperationOutcome.class).getIssueFirstRep().getCode())
					.isEqualTo(OperationOutcome.IssueType.INVALID);
		}
	}

	@Test
	void theTokenOpensNothingElseNotTheFhirApiNotThePassportNotOtherPatients() throws Exception {
		Issued card = issue("patient-app", OLIVER);
		String session = scan(card.url()).headers().firstValue("Location").orElseThrow();
		for (String secret : List.of(card.token(), session.substring(session.lastIndexOf('/') + 1))) {
			for (String path : List.of("/fhir/Patient/" + OLIVER, "/fhir/CarePlan?patient=" + OLIVER,
					"/fhir/Patient/" + OLIVER + "/$summary", "/passport/Patient/" + OLIVER, "/emergency-card/Patient/"
							+ OLIVER + "/scans")) {
				HttpResponse<String> response = phone.send(HttpRequest.newBuilder(URI.create(fhir.root() + path))
						.header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(path).isEqualTo(401);
			}
		}
		// the view of the scanned card is Oliver's whatever is added to the address
		HttpResponse<String> tampered = scan(card.url() + "?patient=swan-adult");
		HttpResponse<String> view = scan(fhir.root() + tampered.headers().firstValue("Location").orElseThrow()
				+ "?patient=swan-adult");
		assertThat(view.body()).contains("Oliver").doesNotContain("Rachel").doesNotContain("swan");
		// the token is not a session, nor a session a token
		assertAskForTheCard(scan(fhir.root() + "/emergency/view/" + card.token()));
		assertAskForTheCard(scan(fhir.root() + "/emergency/" + session.substring(session.lastIndexOf('/') + 1)));
	}

	@Test
	void cardsCannotBeWrittenOrDeletedThroughTheFhirApiEvenWithFullAccess() {
		Issued card = issue("patient-app", OLIVER);
		Basic forged = new Basic();
		forged.getCode().addCoding().setSystem(EmergencyCards.CARD_TYPE_SYSTEM).setCode(EmergencyCards.CARD_TYPE);
		forged.setSubject(new Reference("Patient/" + OLIVER));
		forged.addIdentifier().setSystem(EmergencyCards.TOKEN_HASH_SYSTEM).setValue(CardToken.hash(CardToken.create()));

		assertRefused(fhir.post("Basic", "application/fhir+json",
				FhirHttp.R4.newJsonParser().encodeResourceToString(forged)), 403);
		assertRefused(fhir.delete("Basic/" + card.cardId()), 403);
	}

	@Test
	void theDemoPatientHasADemoCard() {
		Bundle demo = fhir.get("Basic?subject=Patient/" + OLIVER + "&code=" + EmergencyCards.CARD_TYPE_SYSTEM + "|"
				+ EmergencyCards.CARD_TYPE).as(Bundle.class);
		assertThat(demo.getEntry()).anyMatch(e -> "Concord demo data".equals(((Basic) e.getResource()).getAuthor().getDisplay()));
	}

	// --- helpers

	private record Issued(int status, String cardId, String url, byte[] pdf, FhirHttp.Response raw) {

		String token() {
			return url.substring(url.lastIndexOf('/') + 1);
		}
	}

	private Issued issue(String client, String patient) {
		FhirHttp.Response response = fhir.as(client).post(fhir.root() + "/emergency-card/Patient/" + patient,
				"application/fhir+json", "");
		if (response.status() != 201) {
			return new Issued(response.status(), null, null, null, response);
		}
		Parameters answer = response.as(Parameters.class);
		return new Issued(response.status(),
				((Reference) answer.getParameter("card").getValue()).getReferenceElement().getIdPart(),
				answer.getParameter("url").getValue().primitiveValue(),
				((Attachment) answer.getParameter("pdf").getValue()).getData(),
				response);
	}

	private HttpResponse<String> scan(String url) throws Exception {
		return phone.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", USER_AGENT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private List<AuditEvent> scans(String client) {
		FhirHttp.Response response = fhir.as(client).getAny(fhir.root() + "/emergency-card/Patient/" + OLIVER + "/scans");
		assertThat(response.status()).isEqualTo(200);
		return response.as(Bundle.class).getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
	}

	private Bundle page(String url) {
		FhirHttp.Response response = fhir.as("patient-app").getAny(url);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(Bundle.class);
	}

	private static boolean scanOf(Bundle.BundleEntryComponent entry, Issued card) {
		return ((AuditEvent) entry.getResource()).getEntity().stream().anyMatch(x -> ("Basic/" + card.cardId())
				.equals(x.getWhat().getReferenceElement().toUnqualifiedVersionless().getValue()));
	}

	private static void assertAskForTheCard(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Jsoup.parse(response.body()).select("h1").text()).isEqualTo(ASK);
		assertThat(response.body()).doesNotContain("Oliver").doesNotContain("Duchenne").doesNotContain("020 7405");
	}

	private static void assertRefused(FhirHttp.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode())
				.isEqualTo(status == 403 ? OperationOutcome.IssueType.FORBIDDEN : OperationOutcome.IssueType.NOTFOUND);
	}

	/** A GET sent from a given loopback address (Java's HttpClient cannot choose one), answering the status code. */
	private int statusFrom(String localAddress, String path) throws Exception {
		URI root = URI.create(fhir.root());
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
			socket.connect(new InetSocketAddress("127.0.0.1", root.getPort()), 10_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + root.getPort() + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
					.readLine();
			return Integer.parseInt(statusLine.split(" ")[1]);
		}
	}

	/**
	 * The QR codes on the card's page rendered at 300 dpi. zxing's multi-code reader weighs every trio of finder
	 * patterns; its single-code reader takes the first likely trio and misread 0.2-1 % of random tokens' codes (CI
	 * failed on one), even the crisp PNG the card embeds. The multi reader read all of 2,000 such pages.
	 */
	private static List<String> qrCodesOn(PDDocument pdf) throws Exception {
		BufferedImage image = new PDFRenderer(pdf).renderImageWithDPI(0, 300);
		int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
		RGBLuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
		return Arrays.stream(new QRCodeMultiReader().decodeMultiple(new BinaryBitmap(new HybridBinarizer(source))))
				.map(Result::getText).toList();
	}
}
