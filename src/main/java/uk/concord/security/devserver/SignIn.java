package uk.concord.security.devserver;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.concord.security.SecurityProperties.Throttle;
import uk.concord.security.devserver.FailureThrottle.Key;

/**
 * The login form's outcome, and password guessing slowed down: failed sign-ins are counted per user name and per
 * remote address ({@link FailureThrottle}); while blocked, the form is not checked and the page says how long to wait.
 */
final class SignIn extends OncePerRequestFilter {

	static final String LOGIN = "/login";

	private final FailureThrottle throttle;
	private final Throttle settings;

	SignIn(FailureThrottle throttle, Throttle settings) {
		this.throttle = throttle;
		this.settings = settings;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !LOGIN.equals(request.getServletPath());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Duration blocked = throttle.blockedFor(keys(request));
		if (blocked.isZero()) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
		response.sendRedirect(request.getContextPath() + LOGIN + "?blocked=" + seconds);
	}

	AuthenticationFailureHandler failed() {
		SimpleUrlAuthenticationFailureHandler wrongPassword = new SimpleUrlAuthenticationFailureHandler(LOGIN + "?error");
		return (request, response, exception) -> {
			throttle.failed(keys(request));
			wrongPassword.onAuthenticationFailure(request, response, exception);
		};
	}

	/** Back to the authorization request that sent the person here. */
	AuthenticationSuccessHandler succeeded() {
		SavedRequestAwareAuthenticationSuccessHandler backToTheApp = new SavedRequestAwareAuthenticationSuccessHandler();
		return (request, response, authentication) -> {
			throttle.succeeded(keys(request));
			backToTheApp.onAuthenticationSuccess(request, response, authentication);
		};
	}

	private Key[] keys(HttpServletRequest request) {
		String username = request.getParameter("username");
		return new Key[] {
			username == null ? null : Key.user(username, settings), Key.address(request.getRemoteAddr(), settings)
		};
	}
}
