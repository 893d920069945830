package uk.concord.emergency;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The demo patient's emergency card, with the published token {@code concord.emergency-card.demo-token}, so that a
 * new user can scan one ({@code /emergency/<demo-token>}). Issued once, after the demo data is loaded, and never
 * again: a demo card revoked by its user stays revoked.
 */
class DemoEmergencyCard {

	static final String DEMO_PATIENT = "dmd-child";
	private static final Logger log = LoggerFactory.getLogger(DemoEmergencyCard.class);

	private final EmergencyCards cards;
	private final EmergencyCardProperties properties;
	private final Clock clock;

	DemoEmergencyCard(EmergencyCards cards, EmergencyCardProperties properties, Clock clock) {
		this.cards = cards;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	public void issueOnce() {
		try {
			if (cards.everIssued(DEMO_PATIENT)) {
				return;
			}
			Instant now = clock.instant();
			cards.issue(DEMO_PATIENT, "Concord demo data", properties.demoToken(), now, now.plus(properties.validFor()));
			log.info("Issued the demo emergency card of Patient/{}: /emergency/{}", DEMO_PATIENT, properties.demoToken());
		} catch (ResourceNotFoundException e) {
			log.info("No demo emergency card: Patient/{} is not on this server", DEMO_PATIENT);
		}
	}
}
