package uk.concord.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code concord.server.max-request-bytes} with 413 and an OperationOutcome, before
 * anything parses them: a huge payload must not cost the server its memory. A declared Content-Length is checked at
 * once; a chunked body is read up to the limit and passed on from memory.
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	RequestSizeLimitFilter(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			tooLarge(response);
			return;
		}
		if (declared >= 0 || !hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
		if (body.length > maxBytes) {
			tooLarge(response);
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getHeader("Transfer-Encoding") != null;
	}

	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		while (out.size() < limit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - out.size()))) > 0) {
			out.write(buffer, 0, read);
		}
		return out.toByteArray();
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.setHeader("Connection", "close");
		response.getOutputStream().write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
						+ "\"code\":\"too-costly\",\"diagnostics\":\"The request body is larger than this server accepts ("
						+ maxBytes + " bytes). Send large documents as a url, or split the bundle.\"}]}")
				.getBytes(StandardCharsets.UTF_8));
	}

	/** The request with its body already read into memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous reads only");
				}
			};
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}
	}
}
