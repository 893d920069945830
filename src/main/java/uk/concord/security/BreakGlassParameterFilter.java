package uk.concord.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a client give the break-glass reason as a URL parameter ({@value BreakGlass#PARAMETER}) as well as a header:
 * the parameter is taken out of the request before HAPI sees it (a read with an unknown parameter would be refused)
 * and handed on as the {@value BreakGlass#HEADER} header.
 */
class BreakGlassParameterFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String query = request.getQueryString();
		return query == null || !query.contains(BreakGlass.PARAMETER + "=");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String reason = request.getParameter(BreakGlass.PARAMETER);
		chain.doFilter(new WithoutParameter(request, reason), response);
	}

	private static final class WithoutParameter extends HttpServletRequestWrapper {

		private final String reason;
		private final String query;
		private final Map<String, String[]> parameters;

		WithoutParameter(HttpServletRequest request, String reason) {
			super(request);
			this.reason = reason;
			this.query = Stream.of(request.getQueryString().split("&"))
					.filter(pair -> !BreakGlass.PARAMETER.equals(
							URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8)))
					.collect(Collectors.joining("&"));
			Map<String, String[]> kept = new LinkedHashMap<>(request.getParameterMap());
			kept.remove(BreakGlass.PARAMETER);
			this.parameters = Collections.unmodifiableMap(kept);
		}

		@Override
		public String getQueryString() {
			return query.isEmpty() ? null : query;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return parameters;
		}

		@Override
		public String getParameter(String name) {
			String[] values = parameters.get(name);
			return values == null || values.length == 0 ? null : values[0];
		}

		@Override
		public String[] getParameterValues(String name) {
			return parameters.get(name);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(parameters.keySet());
		}

		@Override
		public String getHeader(String name) {
			String header = super.getHeader(name);
			return header == null && BreakGlass.HEADER.equalsIgnoreCase(name) ? reason : header;
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			if (super.getHeader(name) == null && BreakGlass.HEADER.equalsIgnoreCase(name) && reason != null) {
				return Collections.enumeration(List.of(reason));
			}
			return super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			if (reason != null && super.getHeader(BreakGlass.HEADER) == null) {
				names.add(BreakGlass.HEADER);
			}
			return Collections.enumeration(names);
		}
	}
}
