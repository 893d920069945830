package uk.concord.emergency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A scan opens the emergency view for {@code concord.emergency-card.view-for}: the scan answers with a redirect to
 * a view address holding a new random session id, which stops working after that time (the card is then scanned
 * again). The card's token thus leaves the address bar at once, and a view left open on a screen closes itself.
 */
final class ScanSessions {

	/** An open view: which card was scanned, for which patient. */
	record Session(String cardId, String patientId) {}

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Cache<String, Session> sessions;

	ScanSessions(Duration viewFor, Ticker ticker) {
		this.sessions = Caffeine.newBuilder()
				.expireAfterWrite(viewFor)
				.ticker(ticker)
				.maximumSize(100_000)
				.build();
	}

	/** A new session for a scan of this card; its id (128 random bits). */
	String open(EmergencyCards.Card card) {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		sessions.put(id, new Session(card.id(), card.patientId()));
		return id;
	}

	Optional<Session> find(String id) {
		return id == null ? Optional.empty() : Optional.ofNullable(sessions.getIfPresent(id));
	}
}
