package uk.concord.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A team system's REST-hook endpoint, on a random local port: records every notification it receives and answers
 * 500 to the first {@code failures} of them, 200 after.
 */
public final class HookReceiver implements AutoCloseable {

	/** One notification: the method and path HAPI called, and the body it sent. */
	public record Notification(String method, String path, String body, int answered) {}

	private final HttpServer server;
	private final List<Notification> received = new CopyOnWriteArrayList<>();
	private final AtomicInteger failuresLeft;

	HookReceiver(int failures) {
		failuresLeft = new AtomicInteger(failures);
		try {
			server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		server.createContext("/", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
			received.add(new Notification(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body, status));
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		server.start();
	}

	public static HookReceiver answering200() {
		return new HookReceiver(0);
	}

	public static HookReceiver failingFirst(int failures) {
		return new HookReceiver(failures);
	}

	public static HookReceiver down() {
		return new HookReceiver(Integer.MAX_VALUE);
	}

	public String endpoint() {
		return "http://localhost:" + server.getAddress().getPort() + "/hook";
	}

	public List<Notification> received() {
		return List.copyOf(received);
	}

	/** Waits (up to a deadline) for a notification that matches, and returns it. */
	public Notification await(Predicate<Notification> matching) {
		return Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
				.until(() -> received.stream().filter(matching).findFirst(), Optional::isPresent).get();
	}

	/** From now on answers 200: the team system is back. */
	public void recover() {
		failuresLeft.set(0);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
