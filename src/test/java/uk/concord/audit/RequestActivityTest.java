package uk.concord.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The audit writer stores records in pauses between requests, and never waits past a record's deadline. */
class RequestActivityTest {

	private final RequestActivity activity = new RequestActivity();
	private final CountDownLatch finish = new CountDownLatch(1);
	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		finish.countDown();
		threads.shutdownNow();
	}

	@Test
	void theWriterWaitsWhileARequestRunsAndGoesOnOnceItEnds() throws Exception {
		CompletableFuture<Void> request = runningRequest();
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> awaitQuiet(Duration.ofSeconds(30)), threads);

		assertThatThrownBy(() -> writer.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
		finish.countDown();
		request.get(5, TimeUnit.SECONDS);
		writer.get(5, TimeUnit.SECONDS);
	}

	@Test
	void theWriterGoesOnAtTheDeadlineEvenIfRequestsNeverPause() throws Exception {
		CompletableFuture<Void> request = runningRequest();
		long started = System.nanoTime();

		awaitQuiet(Duration.ofMillis(200));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
		assertThat(request).isNotDone();
		finish.countDown();
		request.get(5, TimeUnit.SECONDS);
	}

	@Test
	void anIdleServerDoesNotHoldTheWriterUp() {
		long started = System.nanoTime();

		awaitQuiet(Duration.ofSeconds(30));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	private CompletableFuture<Void> runningRequest() throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Void> request = CompletableFuture.runAsync(() -> {
			try {
				activity.doFilter(new MockHttpServletRequest("GET", "/fhir/Patient/x"), new MockHttpServletResponse(),
						(req, res) -> {
							started.countDown();
							await(finish);
						});
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}, threads);
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		return request;
	}

	private void awaitQuiet(Duration limit) {
		try {
			activity.awaitQuiet(System.nanoTime() + limit.toNanos());
		} catch (InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
