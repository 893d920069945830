package uk.nhs.concord.tools.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.ValueSet;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidationPolicyAdvisor;
import org.hl7.fhir.r5.utils.validation.constants.BindingKind;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidationEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The same checks as {@link ValidateExamples}, but with the HL7 validation engine itself
 * ({@code org.hl7.fhir.validation.ValidationEngine}, the engine behind validator_cli.jar), offline: no terminology
 * server, R4 core read from the local package cache (run with -Duser.home=DIR where DIR/.fhir/packages holds
 * hl7.fhir.r4.core#4.0.1, as built by build-cache.sh), Concord's conformance resources loaded from a folder.
 * Usage: {@code Hl7ValidatorCheck <conformance-dir> <examples-dir> <counter-examples-dir> [-v]}.
 */
public final class Hl7ValidatorCheck {

	public static void main(String[] args) throws Exception {
		Path conformanceDir = Path.of(args[0]);
		Path examplesDir = Path.of(args[1]);
		Path counterDir = Path.of(args[2]);
		boolean verbose = List.of(args).contains("-v");

		ValidationEngine engine = new ValidationEngine.ValidationEngineBuilder()
			.withVersion("4.0.1")
			.withCanRunWithoutTerminologyServer(true)
			.withNoTerminologyServer()
			.withUserAgent("concord-offline-check")
			.fromSource("hl7.fhir.r4.core#4.0.1");
		engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), conformanceDir.toAbsolutePath().toString(), false);
		engine.setAnyExtensionsAllowed(false);
		// The examples reference each other (Patient/dmd-child ...) and there is no server to resolve them: do not check
		// that referenced resources exist (HAPI's validator does not either, without a resource fetcher).
		engine.setPolicyAdvisor(new OfflinePolicyAdvisor());
		engine.prepare();

		int passed = 0;
		int failed = 0;
		List<Path> examples;
		try (Stream<Path> s = Files.walk(examplesDir)) {
			examples = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
		}
		for (Path f : examples) {
			List<ValidationMessage> messages = validate(engine, f);
			List<ValidationMessage> errors = errors(messages);
			if (errors.isEmpty()) {
				passed++;
				System.out.println("PASS example " + examplesDir.relativize(f));
			} else {
				failed++;
				System.out.println("FAIL example " + examplesDir.relativize(f));
			}
			if (verbose || !errors.isEmpty()) {
				print(verbose ? messages : errors);
			}
		}
		JsonNode expected = new ObjectMapper().readTree(counterDir.resolve("expected-errors.json").toFile());
		Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
		while (it.hasNext()) {
			Map.Entry<String, JsonNode> e = it.next();
			String want = e.getValue().asText();
			List<ValidationMessage> messages = validate(engine, counterDir.resolve(e.getKey()));
			boolean found = errors(messages).stream().anyMatch(m ->
				(m.getMessage() != null && m.getMessage().contains(want)) || (m.getLocation() != null && m.getLocation().contains(want)));
			if (found) {
				passed++;
				System.out.println("PASS counter-example " + e.getKey() + " rejected with \"" + want + "\"");
			} else {
				failed++;
				System.out.println("FAIL counter-example " + e.getKey() + ": no error containing \"" + want + "\"");
			}
			if (verbose || !found) {
				print(messages);
			}
		}
		System.out.println(passed + " passed, " + failed + " failed");
		System.exit(failed == 0 ? 0 : 1);
	}

	/**
	 * Ignores references (see above) and skips the one binding that cannot be checked without a terminology server:
	 * MIME types (urn:ietf:bcp:13, required binding on Attachment.contentType). HAPI checks those itself
	 * (CommonCodeSystemsTerminologyService).
	 */
	static final class OfflinePolicyAdvisor extends BasePolicyAdvisorForFullValidation {
		OfflinePolicyAdvisor() {
			super(ReferenceValidationPolicy.IGNORE, new HashSet<>());
		}

		@Override
		public EnumSet<IValidationPolicyAdvisor.CodedContentValidationAction> policyForCodedContent(IResourceValidator validator,
				Object appContext, String stackPath, ElementDefinition definition, StructureDefinition structure, BindingKind kind,
				IValidationPolicyAdvisor.AdditionalBindingPurpose purpose, ValueSet valueSet, List<String> systems) {
			if (valueSet != null && valueSet.getUrl() != null && valueSet.getUrl().startsWith("http://hl7.org/fhir/ValueSet/mimetypes")) {
				return EnumSet.noneOf(IValidationPolicyAdvisor.CodedContentValidationAction.class);
			}
			return super.policyForCodedContent(validator, appContext, stackPath, definition, structure, kind, purpose, valueSet, systems);
		}
	}

	private static List<ValidationMessage> validate(ValidationEngine engine, Path f) throws Exception {
		List<ValidationMessage> messages = new ArrayList<>();
		engine.validate(Files.readAllBytes(f), Manager.FhirFormat.JSON, new ArrayList<>(), messages);
		return messages;
	}

	private static List<ValidationMessage> errors(List<ValidationMessage> messages) {
		return messages.stream().filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
			|| m.getLevel() == ValidationMessage.IssueSeverity.FATAL).toList();
	}

	private static void print(List<ValidationMessage> messages) {
		for (ValidationMessage m : messages) {
			System.out.println("    " + m.getLevel() + " " + m.getLocation() + ": " + m.getMessage());
		}
	}
}
