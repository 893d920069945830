package uk.concord.passport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.generator.IIpsGeneratorSvc;
import ca.uhn.fhir.jpa.ips.generator.IpsGeneratorSvcImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.thymeleaf.ITemplateEngine;
import uk.concord.server.FhirServerCustomizer;
import uk.concord.server.ServerProperties;

/**
 * The health passport: {@code Patient/{id}/$summary} and {@code Patient/$summary?identifier=...} (an International
 * Patient Summary made by HAPI's IPS module with Concord's sections) and the same document as a printable page at
 * {@code /passport/Patient/{id}}.
 */
@Configuration
public class PassportConfig {

	/** Order among {@link FhirServerCustomizer}s: an operation provider, after security, profiles and audit. */
	public static final int ORDER = 600;

	@Bean
	public ConcordIpsGenerationStrategy passportGenerationStrategy(
			DaoRegistry daoRegistry, FhirContext fhirContext, ObjectProvider<BuildProperties> build) {
		BuildProperties info = build.getIfAvailable();
		ConcordIpsGenerationStrategy strategy =
				new ConcordIpsGenerationStrategy(info != null ? info.getVersion() : "development");
		strategy.setDaoRegistry(daoRegistry);
		strategy.setFhirContext(fhirContext);
		return strategy;
	}

	@Bean
	public IIpsGeneratorSvc passportGenerator(FhirContext fhirContext, ConcordIpsGenerationStrategy strategy) {
		return new IpsGeneratorSvcImpl(fhirContext, strategy);
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer passportOperations(IIpsGeneratorSvc passportGenerator) {
		return server -> server.registerProvider(new PassportOperationProvider(passportGenerator));
	}

	@Bean
	PassportController passportController(FhirContext fhirContext, ServerProperties server, ITemplateEngine templates) {
		return new PassportController(new FhirAsCaller(fhirContext, server.basePath()), templates);
	}
}
