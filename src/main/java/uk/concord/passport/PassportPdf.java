package uk.concord.passport;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;

/** The printable passport page as a PDF, for patients who want a file to carry, print or send. */
final class PassportPdf {

	private PassportPdf() {}

	static byte[] render(String html) {
		ByteArrayOutputStream pdf = new ByteArrayOutputStream();
		try {
			new PdfRendererBuilder()
					.useFastMode()
					// openhtmltopdf reads XHTML; jsoup turns the HTML5 page into a DOM it accepts.
					.withW3cDocument(new W3CDom().fromJsoup(Jsoup.parse(html)), null)
					.toStream(pdf)
					.run();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return pdf.toByteArray();
	}
}
