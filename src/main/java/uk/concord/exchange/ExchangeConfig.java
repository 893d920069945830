package uk.concord.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import uk.concord.server.FhirServerCustomizer;

/**
 * Exchange between systems: {@code Patient/$match}, so that systems find a patient instead of creating a duplicate,
 * and incremental sync on {@code $everything}, so that they fetch only what changed.
 */
@Configuration
public class ExchangeConfig {

	/** Order among {@link FhirServerCustomizer}s: plain providers, after security and profile enforcement. */
	public static final int ORDER = 500;

	@Bean
	PatientMatcher patientMatcher(DaoRegistry daos) {
		return new PatientMatcher(daos);
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer recordExchange(PatientMatcher matcher, FhirContext fhir) {
		return server -> {
			server.registerProvider(new PatientMatchProvider(matcher));
			server.registerInterceptor(new EverythingSinceFilter(fhir));
			server.registerInterceptor(new EverythingOfOnePatient(fhir));
		};
	}
}
