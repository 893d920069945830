package uk.concord.server;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * A FHIR response whose writer and stream ignore flushes: Tomcat sends it when its buffer fills and when the request
 * ends. HAPI's JSON writer writes each value through Jackson's {@code ObjectMapper}, which flushes after every value,
 * so every string and number of a Bundle went to the socket as a chunk of its own: 15 % of a 50-Condition search
 * page's request CPU (issue 12, bench/RESULTS.md run 35). A response not yet sent can also still become an error.
 */
final class FlushAtEndResponse extends HttpServletResponseWrapper {

	/** Tomcat's writer and stream, and what this response hands out for them (the same object on every call). */
	private PrintWriter tomcatWriter;
	private PrintWriter writer;
	private ServletOutputStream tomcatStream;
	private ServletOutputStream stream;

	FlushAtEndResponse(HttpServletResponse response) {
		super(response);
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		// asked of Tomcat every time, so that its own bookkeeping (writer or stream, after a reset too) still holds
		PrintWriter current = super.getWriter();
		if (current != tomcatWriter) {
			tomcatWriter = current;
			writer = new PrintWriter(current, false) {
				@Override
				public void flush() {
					// sent when the buffer fills or the request ends
				}
			};
		}
		return writer;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		ServletOutputStream current = super.getOutputStream();
		if (current != tomcatStream) {
			tomcatStream = current;
			stream = new UnflushedStream(current);
		}
		return stream;
	}

	private static final class UnflushedStream extends ServletOutputStream {

		private final ServletOutputStream out;

		UnflushedStream(ServletOutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) throws IOException {
			out.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			out.write(bytes, offset, length);
		}

		@Override
		public void flush() {
			// sent when the buffer fills or the request ends
		}

		@Override
		public void close() throws IOException {
			out.close();
		}

		@Override
		public boolean isReady() {
			return out.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			out.setWriteListener(listener);
		}
	}
}
