package uk.nhs.concord.tools.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Validates Concord's examples and counter-examples with HAPI's FhirInstanceValidator (the HL7 validator core inside
 * HAPI 8.8.0), offline:
 * <ul>
 *   <li>every {@code *.json} in the examples folder must give no error;</li>
 *   <li>every file listed in {@code expected-errors.json} in the counter-examples folder must give at least one error
 *       whose message (or location) contains the expected text.</li>
 * </ul>
 * Usage: {@code ValidateExamples <conformance-dir> <examples-dir> <counter-examples-dir> [-v]}.
 * Prints one line per file and a closing line "N passed, M failed"; exit code 1 when anything failed.
 */
public final class ValidateExamples {

	public static void main(String[] args) throws Exception {
		Path conformanceDir = Path.of(args.length > 0 ? args[0] : "fhir-profiles/fsh-generated/resources");
		Path examplesDir = Path.of(args.length > 1 ? args[1] : "ig/examples");
		Path counterDir = Path.of(args.length > 2 ? args[2] : "ig/counter-examples");
		boolean verbose = List.of(args).contains("-v");

		FhirContext ctx = FhirContext.forR4Cached();
		ConcordConformance conformance = ConcordConformance.load(ctx, conformanceDir);
		FhirValidator validator = conformance.newValidator();
		System.out.println("Loaded " + conformance.getResources().size() + " Concord conformance resources from " + conformanceDir);

		int passed = 0;
		int failed = 0;
		List<Path> examples;
		try (Stream<Path> s = Files.walk(examplesDir)) {
			examples = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
		}
		for (Path f : examples) {
			ValidationResult result = validator.validateWithResult(Files.readString(f, StandardCharsets.UTF_8));
			List<SingleValidationMessage> errors = errors(result);
			if (errors.isEmpty()) {
				passed++;
				System.out.println("PASS example " + examplesDir.relativize(f) + warnings(result));
				if (verbose) {
					print(result.getMessages());
				}
			} else {
				failed++;
				System.out.println("FAIL example " + examplesDir.relativize(f) + ": " + errors.size() + " error(s)");
				print(verbose ? result.getMessages() : errors);
			}
		}

		JsonNode expected = new ObjectMapper().readTree(counterDir.resolve("expected-errors.json").toFile());
		Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
		while (it.hasNext()) {
			Map.Entry<String, JsonNode> e = it.next();
			if (e.getKey().startsWith("$")) {
				continue; // "$comment" and the like
			}
			Path f = counterDir.resolve(e.getKey());
			String want = e.getValue().isObject() ? e.getValue().path("expected").asText() : e.getValue().asText();
			if (!Files.exists(f)) {
				failed++;
				System.out.println("FAIL counter-example " + e.getKey() + ": file missing");
				continue;
			}
			ValidationResult result = validator.validateWithResult(Files.readString(f, StandardCharsets.UTF_8));
			List<SingleValidationMessage> errors = errors(result);
			boolean found = errors.stream().anyMatch(m -> contains(m, want));
			if (found) {
				passed++;
				System.out.println("PASS counter-example " + e.getKey() + " rejected with \"" + want + "\"");
				if (verbose) {
					print(errors);
				}
			} else {
				failed++;
				System.out.println("FAIL counter-example " + e.getKey() + ": no error containing \"" + want + "\"");
				print(result.getMessages());
			}
		}
		try (Stream<Path> s = Files.list(counterDir)) {
			for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
				String name = f.getFileName().toString();
				if (!name.equals("expected-errors.json") && !expected.has(name)) {
					failed++;
					System.out.println("FAIL counter-example " + name + ": not listed in expected-errors.json");
				}
			}
		}
		System.out.println(passed + " passed, " + failed + " failed");
		System.exit(failed == 0 ? 0 : 1);
	}

	static List<SingleValidationMessage> errors(ValidationResult result) {
		List<SingleValidationMessage> errors = new ArrayList<>();
		for (SingleValidationMessage m : result.getMessages()) {
			if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
				errors.add(m);
			}
		}
		return errors;
	}

	private static boolean contains(SingleValidationMessage m, String want) {
		return (m.getMessage() != null && m.getMessage().contains(want))
			|| (m.getLocationString() != null && m.getLocationString().contains(want));
	}

	private static String warnings(ValidationResult result) {
		long n = result.getMessages().stream().filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING).count();
		return n == 0 ? "" : " (" + n + " warning(s))";
	}

	private static void print(List<SingleValidationMessage> messages) {
		for (SingleValidationMessage m : messages) {
			System.out.println("    " + m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage());
		}
	}
}
