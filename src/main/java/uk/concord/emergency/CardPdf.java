package uk.concord.emergency;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import uk.concord.server.HtmlPdf;

/**
 * The printable wallet card: credit-card size (85.6 × 54 mm), with the patient's name, the rare condition, the care
 * coordinator's phone and the QR code of the card's address; template {@code templates/emergency/card.html}.
 */
final class CardPdf {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

	private final ITemplateEngine templates;

	CardPdf(ITemplateEngine templates) {
		this.templates = templates;
	}

	byte[] render(EmergencyInformation.Emergency emergency, String scanUrl, EmergencyCards.Issued issued) {
		Context model = new Context(Locale.UK);
		model.setVariable("emergency", emergency);
		model.setVariable("qr", QrCode.pngDataUri(scanUrl));
		model.setVariable("expires", DATE.format(issued.expires().atZone(ZoneId.of("Europe/London"))));
		String html = templates.process("emergency/card", model);
		return HtmlPdf.render(html);
	}
}
