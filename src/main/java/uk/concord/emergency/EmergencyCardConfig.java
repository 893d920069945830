package uk.concord.emergency;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.thymeleaf.ITemplateEngine;
import uk.concord.security.PatientAccess;
import uk.concord.server.FhirServerCustomizer;

/**
 * The emergency card: a wallet card whose QR code opens the patient's emergency information without a login
 * ({@code /emergency/{token}}), issued and revoked by the patient, their carer or their coordinator
 * ({@code /emergency-card/Patient/{id}}).
 */
@Configuration
public class EmergencyCardConfig {

	/** Order among {@link FhirServerCustomizer}s: a storage rule, beside the audit trail's. */
	public static final int ORDER = 450;

	@Bean
	EmergencyCards emergencyCards(DaoRegistry daos, EmergencyCardProperties properties) {
		return new EmergencyCards(daos, properties, Clock.systemUTC());
	}

	@Bean
	EmergencyInformation emergencyInformation(DaoRegistry daos) {
		return new EmergencyInformation(daos, Clock.systemUTC());
	}

	@Bean
	CardKeepers cardKeepers(PatientAccess access, EmergencyInformation information) {
		return new CardKeepers(access, information);
	}

	@Bean
	CardPdf cardPdf(ITemplateEngine templates) {
		return new CardPdf(templates);
	}

	@Bean
	ScanAudit scanAudit(IBalpAuditEventSink auditTrail, DaoRegistry daos) {
		return new ScanAudit(auditTrail, daos);
	}

	@Bean
	ScanSessions scanSessions(EmergencyCardProperties properties) {
		return new ScanSessions(properties.viewFor(), Ticker.systemTicker());
	}

	@Bean
	GuessThrottle cardGuessThrottle(EmergencyCardProperties properties) {
		return new GuessThrottle(properties.maxFailuresPerAddress(), properties.block(), Ticker.systemTicker());
	}

	@Bean
	@ConditionalOnExpression("${concord.demo.load:false} and '${concord.emergency-card.demo-token:}' != ''")
	DemoEmergencyCard demoEmergencyCard(EmergencyCards cards, EmergencyCardProperties properties) {
		return new DemoEmergencyCard(cards, properties, Clock.systemUTC());
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer emergencyCardsProtected() {
		return server -> server.registerInterceptor(new EmergencyCardsProtected());
	}

	/** Scans need no login: the card's token is the key, and it opens only the emergency view. */
	@Bean
	@Order(-1)
	SecurityFilterChain emergencyCardScans(HttpSecurity http) throws Exception {
		http.securityMatcher(ScanController.SCAN + "**")
				.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
				.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				// read-only pages with no session and no cookies: nothing for a forged request to ride on
				.csrf(csrf -> csrf.disable())
				.requestCache(cache -> cache.disable());
		return http.build();
	}
}
