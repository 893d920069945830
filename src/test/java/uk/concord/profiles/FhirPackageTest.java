package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.concord.record.Vocabulary;
import uk.concord.testing.OfflineHl7Validator;

/**
 * The package {@code mvn package} builds ({@code target/classes/fhir-package/concord.fhir.r4.tgz}) is a standard FHIR
 * NPM package: the HL7 tooling reads it, it declares itself and its dependency on R4 core, and it carries every
 * conformance resource from {@code fhir-profiles/fsh-generated/resources} (StructureDefinitions with snapshots) and
 * every valid example, and no counter-example.
 */
class FhirPackageTest {

	static final Path BUILT_PACKAGE = OfflineHl7Validator.BUILT_PACKAGE;
	static final Path GENERATED = Path.of("fhir-profiles", "fsh-generated", "resources");
	static final ObjectMapper JSON = new ObjectMapper();

	static NpmPackage npm;
	/** Every resource in the package: folder name ("package", "example", ...) / file name to its JSON. */
	static Map<String, JsonNode> contents;
	/** SUSHI's output, file name to its JSON. */
	static Map<String, JsonNode> generated;

	@BeforeAll
	static void readPackage() throws IOException {
		assertThat(BUILT_PACKAGE).as("the built package; run `mvn process-classes` first").isRegularFile();
		try (InputStream in = Files.newInputStream(BUILT_PACKAGE)) {
			npm = NpmPackage.fromPackage(in);
		}
		contents = new TreeMap<>();
		for (NpmPackage.NpmPackageFolder folder : npm.getFolders().values()) {
			for (String file : folder.listFiles()) {
				if (file.endsWith(".json") && !file.equals("package.json") && !file.startsWith(".")) {
					contents.put(folder.getFolderName() + "/" + file, JSON.readTree(folder.fetchFile(file)));
				}
			}
		}
		generated = new TreeMap<>();
		try (Stream<Path> files = Files.list(GENERATED)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
				generated.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
			}
		}
	}

	@Test
	void theHl7PackageReaderReadsItsNameFhirVersionAndDependency() {
		assertThat(npm.name()).isEqualTo("concord.fhir.r4");
		assertThat(npm.version()).isNotBlank();
		assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
		assertThat(npm.getNpm().getJsonArray("fhirVersions").asStrings()).containsExactly("4.0.1");
		assertThat(npm.dependencies()).containsExactly("hl7.fhir.r4.core#4.0.1");
	}

	@Test
	void itContainsEveryProfileAndExtensionWithASnapshot() throws IOException {
		List<JsonNode> definitions = generatedOfType("StructureDefinition");
		assertThat(definitions).as("StructureDefinitions in " + GENERATED).isNotEmpty();
		assertThat(definitions).anyMatch(sd -> "Extension".equals(sd.path("type").asText()));
		assertThat(definitions).anyMatch(sd -> !"Extension".equals(sd.path("type").asText()));

		for (JsonNode definition : definitions) {
			String url = definition.path("url").asText();
			JsonNode packaged = packaged("StructureDefinition", url);
			assertThat(packaged).as("StructureDefinition %s in the package", url).isNotNull();
			assertThat(packaged.path("snapshot").path("element").size()).as("snapshot elements of %s", url).isPositive();
			assertThat(packaged.path("differential").path("element").size()).as("differential of %s", url).isPositive();
		}
	}

	@Test
	void itContainsEveryCodeSystemValueSetAndSearchParameter() throws IOException {
		for (String type : List.of("CodeSystem", "ValueSet", "SearchParameter")) {
			List<JsonNode> expected = generatedOfType(type);
			assertThat(expected).as(type + "s in " + GENERATED).isNotEmpty();
			for (JsonNode resource : expected) {
				String url = resource.path("url").asText();
				assertThat(packaged(type, url)).as("%s %s in the package", type, url).isEqualTo(resource);
			}
			assertThat(npm.listResources(type)).hasSize(expected.size());
		}
	}

	@Test
	void everyConformanceResourceInThePackageHasACanonicalUrlTheServerKeepsReadOnly() {
		List<String> urls = new ArrayList<>();
		contents.forEach((file, resource) -> {
			if (file.startsWith("package/") && resource.hasNonNull("url")) {
				urls.add(resource.path("url").asText());
			}
		});

		assertThat(urls).hasSizeGreaterThanOrEqualTo(35)
				.allMatch(url -> url.startsWith(Vocabulary.CANONICAL_BASE), "starts with " + Vocabulary.CANONICAL_BASE);
	}

	@Test
	void itsIndexListsEveryConformanceResource() throws IOException {
		Set<String> listed = new TreeSet<>(npm.listResources("StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter"));

		Set<String> expected = new TreeSet<>();
		for (String type : List.of("StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter")) {
			generatedOfType(type).forEach(r -> expected.add(type + "-" + r.path("id").asText() + ".json"));
		}
		assertThat(listed).isEqualTo(expected);
	}

	@Test
	void everyValidExampleIsUnderPackageExample() {
		Set<String> expected = new TreeSet<>();
		generated.forEach((file, resource) -> {
			if (!isConformance(resource) && !isCounterExample(resource)) {
				expected.add(resource.path("resourceType").asText() + "-" + resource.path("id").asText() + ".json");
			}
		});
		assertThat(expected).as("examples in " + GENERATED).isNotEmpty();

		assertThat(npm.getFolders()).containsKey("example");
		Set<String> packagedExamples = new TreeSet<>(contents.keySet().stream()
				.filter(name -> name.startsWith("example/"))
				.map(name -> name.substring("example/".length()))
				.toList());
		assertThat(packagedExamples).isEqualTo(expected);
		assertThat(contents.keySet().stream().filter(name -> name.startsWith("package/")))
				.as("no instance outside package/example")
				.allMatch(name -> isConformance(contents.get(name)));
	}

	@Test
	void noCounterExampleIsAnywhereInIt() {
		List<String> counterExamples = new ArrayList<>();
		contents.forEach((name, resource) -> {
			if (isCounterExample(resource) || name.contains("-fail-")) {
				counterExamples.add(name);
			}
			if ("ImplementationGuide".equals(resource.path("resourceType").asText())) {
				resource.path("definition").path("resource").forEach(entry -> {
					String reference = entry.path("reference").path("reference").asText();
					if (reference.contains("/fail-")) {
						counterExamples.add(name + " lists " + reference);
					}
				});
			}
		});
		assertThat(generated.values()).as("counter-examples in " + GENERATED).anyMatch(FhirPackageTest::isCounterExample);

		assertThat(counterExamples).isEmpty();
	}

	private static List<JsonNode> generatedOfType(String type) {
		return generated.values().stream().filter(r -> type.equals(r.path("resourceType").asText())).toList();
	}

	/** The resource of this type and canonical URL in the package's main folder, or null. */
	private static JsonNode packaged(String type, String url) {
		return contents.entrySet().stream()
				.filter(e -> e.getKey().startsWith("package/"))
				.map(Map.Entry::getValue)
				.filter(r -> type.equals(r.path("resourceType").asText()) && url.equals(r.path("url").asText()))
				.findFirst()
				.orElse(null);
	}

	private static boolean isConformance(JsonNode resource) {
		return Set.of("StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter", "ImplementationGuide", "Measure")
				.contains(resource.path("resourceType").asText());
	}

	private static boolean isCounterExample(JsonNode resource) {
		return resource.path("id").asText().startsWith("fail-");
	}
}
