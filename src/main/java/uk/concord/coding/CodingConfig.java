package uk.concord.coding;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import uk.concord.server.FhirServerCustomizer;

/** One system per code system: codings sent under an accepted alias are stored, and searched, under Concord's. */
@Configuration
public class CodingConfig {

	/**
	 * Order among {@link FhirServerCustomizer}s: after security, before profile enforcement, so that what is
	 * validated and indexed is what is stored.
	 */
	public static final int ORDER = 250;

	@Bean
	@Order(ORDER)
	FhirServerCustomizer canonicalCodeSystems(FhirContext fhir) {
		return server -> server.registerInterceptor(new OrphanetSystem(fhir));
	}
}
