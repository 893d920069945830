package uk.concord.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Concord's options on the R4 {@link FhirContext} HAPI's beans share, set as HAPI makes it: so every bean and every
 * start-up job sees them, not only what runs after the FHIR servlet is built.
 */
final class SharedFhirContextOptions implements BeanPostProcessor {

	private final ObjectProvider<ServerProperties> properties;

	SharedFhirContextOptions(ObjectProvider<ServerProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String name) {
		if (bean instanceof FhirContext fhir && fhir.getVersion().getVersion() == FhirVersionEnum.R4) {
			apply(fhir);
		}
		return bean;
	}

	private void apply(FhirContext fhir) {
		// Unknown elements and malformed values are errors, not warnings: what is stored is exactly what was sent.
		fhir.setParserErrorHandler(new StrictErrorHandler());
		// Encoding a resource walked all of it for references to objects with no id, to contain them; a resource read
		// from JSON never has one, and the walk was 30 % of encoding a search page (issue 12). Contained resources
		// that are there are still encoded as they are.
		fhir.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
		if (properties.getObject().narratives()) {
			fhir.setNarrativeGenerator(new OneEngineNarrativeGenerator());
		}
	}
}
