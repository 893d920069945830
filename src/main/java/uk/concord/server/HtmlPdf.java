package uk.concord.server;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;

/** A page rendered from a template, as PDF: the health passport and the emergency wallet card. */
public final class HtmlPdf {

	private HtmlPdf() {}

	public static byte[] render(String html) {
		ByteArrayOutputStream pdf = new ByteArrayOutputStream();
		try {
			new PdfRendererBuilder()
					.useFastMode()
					// openhtmltopdf reads XHTML; jsoup turns the HTML5 template's output into a DOM it accepts.
					.withW3cDocument(new W3CDom().fromJsoup(Jsoup.parse(html)), null)
					.toStream(pdf)
					.run();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return pdf.toByteArray();
	}
}
