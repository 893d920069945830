package uk.concord.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.concord.profiles.ConcordPackage;

/** Demo data from the implementation guide's examples, on when {@code concord.demo.load=true}. */
@Configuration
public class DemoConfig {

	@Bean
	@ConditionalOnProperty(name = "concord.demo.load", havingValue = "true")
	DemoDataLoader demoDataLoader(
			ConcordPackage fhirPackage, FhirContext fhir, DaoRegistry daos, IFhirSystemDao<Bundle, ?> systemDao) {
		return new DemoDataLoader(fhirPackage, fhir, daos, systemDao);
	}
}
