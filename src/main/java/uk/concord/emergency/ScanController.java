package uk.concord.emergency;

import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * What a scan of an emergency card opens, without a login: {@code GET /emergency/{token}} (the QR code's address)
 * checks the card, audits the scan and redirects to {@code /emergency/view/{session}}, the emergency view, open for
 * {@code view-for}. An unknown, revoked or expired card, or a closed view, shows only "ask the patient for their card".
 */
@Controller
class ScanController {

	static final String SCAN = "/emergency/";
	static final String VIEW = "/emergency/view/";
	static final String CLOSED = "closed";

	private final EmergencyCards cards;
	private final EmergencyInformation information;
	private final ScanSessions sessions;
	private final GuessThrottle throttle;
	private final ScanAudit audit;
	private final EmergencyCardProperties properties;

	ScanController(EmergencyCards cards, EmergencyInformation information, ScanSessions sessions,
			GuessThrottle throttle, ScanAudit audit, EmergencyCardProperties properties) {
		this.cards = cards;
		this.information = information;
		this.sessions = sessions;
		this.throttle = throttle;
		this.audit = audit;
		this.properties = properties;
	}

	@GetMapping(SCAN + "{token}")
	ModelAndView scan(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
		keepPrivate(response);
		String address = request.getRemoteAddr();
		if (throttle.blocks(address)) {
			return new ModelAndView(tooMany(response));
		}
		Optional<EmergencyCards.Card> card = cards.working(token);
		if (card.isEmpty()) {
			throttle.failed(address);
			return new ModelAndView(askForTheCard(response));
		}
		audit.scanned(card.get(), address, request.getHeader(HttpHeaders.USER_AGENT));
		RedirectView view = new RedirectView(VIEW + sessions.open(card.get()), true);
		view.setStatusCode(HttpStatus.SEE_OTHER);
		return new ModelAndView(view);
	}

	@GetMapping(VIEW + "{session}")
	String view(@PathVariable String session, HttpServletRequest request, HttpServletResponse response, Model model) {
		keepPrivate(response);
		String address = request.getRemoteAddr();
		if (throttle.blocks(address)) {
			return tooMany(response);
		}
		Optional<ScanSessions.Session> open = sessions.find(session);
		if (open.isEmpty()) {
			// where an open view sends itself when its time is up: not a guess
			if (!CLOSED.equals(session)) {
				throttle.failed(address);
			}
			return askForTheCard(response);
		}
		// a card revoked while its view is open closes the view too
		if (!cards.stillWorks(open.get().cardId())) {
			return askForTheCard(response);
		}
		try {
			model.addAttribute("emergency", information.of(open.get().patientId()));
		} catch (ResourceNotFoundException | ResourceGoneException patientDeleted) {
			return askForTheCard(response);
		}
		model.addAttribute("closesAfterSeconds", properties.viewFor().toSeconds());
		return "emergency/view";
	}

	private String askForTheCard(HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		return "emergency/ask-for-card";
	}

	private String tooMany(HttpServletResponse response) {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttle.block().toSeconds()));
		return "emergency/ask-for-card";
	}

	/** Health information for whoever holds the card: never cached, never indexed, never sent on as a referrer. */
	private static void keepPrivate(HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Robots-Tag", "noindex, nofollow");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
	}
}
