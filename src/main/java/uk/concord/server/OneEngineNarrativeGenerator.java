package uk.concord.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.narrative.BaseThymeleafNarrativeGenerator;
import ca.uhn.fhir.narrative.DefaultThymeleafNarrativeGenerator;
import ca.uhn.fhir.narrative2.INarrativeTemplate;
import ca.uhn.fhir.narrative2.NarrativeGeneratorTemplateUtils;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * HAPI's default narratives, from one Thymeleaf engine per FHIR context instead of a new engine for every narrative.
 * HAPI's generator builds (and Thymeleaf then initialises) a fresh {@link TemplateEngine}, and so parses its template
 * again, for each resource and for each data type a template renders; that was most of the narrative share of a
 * write. The engine HAPI builds is thread-safe once made, and its template cache never expires, so one is kept and
 * reused. HAPI makes the engine in a private method; it is called once per context, and a HAPI version without that
 * method fails at start-up, not on a request.
 * <p>
 * An OperationOutcome that only informs (HAPI's "Successfully created ..." on each entry of a transaction's response)
 * gets no narrative: it is a receipt, not a record, its text is already in the issue's diagnostics, and rendering 13
 * of them was 4 % of a transaction's CPU (issue 12). Errors and warnings keep theirs.
 */
final class OneEngineNarrativeGenerator extends DefaultThymeleafNarrativeGenerator {

	private static final Method MAKE_ENGINE = engineFactory();

	private final Map<FhirContext, TemplateEngine> engines = new ConcurrentHashMap<>();

	@Override
	protected List<INarrativeTemplate> getTemplateForElement(FhirContext fhirContext, IBase element) {
		if (element instanceof OperationOutcome outcome && informsOnly(outcome)) {
			return List.of();
		}
		return super.getTemplateForElement(fhirContext, element);
	}

	private static boolean informsOnly(OperationOutcome outcome) {
		return outcome.getIssue().stream()
				.allMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.INFORMATION);
	}

	@Override
	protected String applyTemplate(FhirContext fhirContext, INarrativeTemplate template, IBase target) {
		// the variables HAPI's templates use, as HAPI's own applyTemplate sets them
		Context context = new Context();
		context.setVariable("resource", target);
		context.setVariable("context", target);
		context.setVariable("narrativeUtil", NarrativeGeneratorTemplateUtils.INSTANCE);
		context.setVariable("fhirVersion", fhirContext.getVersion().getVersion().name());
		return engines.computeIfAbsent(fhirContext, this::makeEngine).process(template.getTemplateName(), context);
	}

	private TemplateEngine makeEngine(FhirContext fhirContext) {
		try {
			return (TemplateEngine) MAKE_ENGINE.invoke(this, fhirContext);
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException("HAPI's narrative template engine could not be made", e);
		}
	}

	private static Method engineFactory() {
		try {
			Method method = BaseThymeleafNarrativeGenerator.class.getDeclaredMethod("getTemplateEngine",
					FhirContext.class);
			method.setAccessible(true);
			return method;
		} catch (NoSuchMethodException e) {
			throw new IllegalStateException("This HAPI FHIR version makes its narrative engine differently; "
					+ "OneEngineNarrativeGenerator needs updating", e);
		}
	}
}
