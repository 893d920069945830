package uk.concord.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Whether the server is serving requests, so that the audit writer can store records in the pauses between them:
 * work done while a request runs slows it (the CPU's caches, memory bandwidth and the embedded database are shared
 * whatever the threads' priorities). Counts every HTTP request in flight, not only FHIR ones.
 */
class RequestActivity extends OncePerRequestFilter {

	/** A pause this long after the last request ends is taken as idle time; back-to-back requests leave less. */
	static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private int inFlight;
	private long lastEnded = System.nanoTime() - QUIET_NANOS;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		started();
		try {
			chain.doFilter(request, response);
		} finally {
			ended();
		}
	}

	private synchronized void started() {
		inFlight++;
	}

	private synchronized void ended() {
		inFlight--;
		lastEnded = System.nanoTime();
		if (inFlight == 0) {
			notifyAll();
		}
	}

	/**
	 * Waits until no request has run for {@link #QUIET_NANOS}, or until the deadline ({@link System#nanoTime()}),
	 * whichever comes first.
	 */
	synchronized void awaitQuiet(long deadline) throws InterruptedException {
		while (true) {
			long now = System.nanoTime();
			long wait = inFlight > 0 ? deadline - now : Math.min(deadline - now, lastEnded + QUIET_NANOS - now);
			if (wait <= 0) {
				return;
			}
			TimeUnit.NANOSECONDS.timedWait(this, wait);
		}
	}
}
