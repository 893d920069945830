package uk.concord.server;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/**
 * Several clients posting whole shared records as transactions, each record with its own NHS Number and its own
 * word in the care plan and the letter, until stopped; every attempt is remembered with what the client was told.
 * Each client stops by itself after its server stops answering (a killed server) or after {@code maxPerClient}.
 */
final class TransactionLoad {

	enum Outcome { ACKNOWLEDGED, REFUSED, NO_ANSWER }

	record Attempt(String nhsNumber, String word, Outcome outcome, int status) {}

	private final List<Attempt> attempts = new ArrayList<>();
	private final ConcurrentLinkedQueue<Attempt> finished = new ConcurrentLinkedQueue<>();
	private final AtomicInteger acknowledged = new AtomicInteger();
	private final AtomicBoolean stop = new AtomicBoolean();
	private final ExecutorService clients;

	private TransactionLoad(int clients) {
		this.clients = Executors.newFixedThreadPool(clients);
	}

	static TransactionLoad start(FhirHttp fhir, int clients, int maxPerClient) {
		TransactionLoad load = new TransactionLoad(clients);
		fhir.token(); // before the clients start, so a token request is never what the kill interrupts
		for (int i = 0; i < clients; i++) {
			load.clients.submit(() -> load.post(fhir, maxPerClient));
		}
		return load;
	}

	private void post(FhirHttp fhir, int maxPerClient) {
		for (int i = 0; i < maxPerClient && !stop.get(); i++) {
			String nhsNumber = NhsNumbers.random();
			String word = "crash" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
			Attempt attempt;
			try {
				int status = fhir.post(fhir.base(), "application/fhir+json", SharedRecord.json(nhsNumber, "Durable", word)).status();
				attempt = new Attempt(nhsNumber, word, status / 100 == 2 ? Outcome.ACKNOWLEDGED : Outcome.REFUSED, status);
			} catch (IllegalStateException noAnswer) {
				attempt = new Attempt(nhsNumber, word, Outcome.NO_ANSWER, 0);
			}
			finished.add(attempt);
			if (attempt.outcome() == Outcome.ACKNOWLEDGED) {
				acknowledged.incrementAndGet();
			}
			if (attempt.outcome() == Outcome.NO_ANSWER) {
				return; // the server is gone
			}
		}
	}

	int acknowledged() {
		return acknowledged.get();
	}

	/** Waits for every client to finish its attempt in flight; returns all attempts. */
	List<Attempt> stop() {
		stop.set(true);
		clients.shutdown();
		try {
			if (!clients.awaitTermination(5, TimeUnit.MINUTES)) {
				throw new IllegalStateException("Clients did not finish");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		attempts.addAll(finished);
		return List.copyOf(attempts);
	}
}
