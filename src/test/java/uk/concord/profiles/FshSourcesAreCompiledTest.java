package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.concord.testing.FhirPackageCache;

/**
 * The committed JSON is what the FHIR Shorthand compiles to: SUSHI (the version pinned in
 * {@code tools/fhir-package-cache/package.json}) runs offline on a copy of {@code fhir-profiles/} in a temporary
 * folder, never touching the working tree, and its output must equal {@code fhir-profiles/fsh-generated/resources};
 * the examples {@code publish-examples.mjs} derives from it must equal {@code ig/examples} and
 * {@code ig/counter-examples}. Needs {@code node} and {@code npm} on the PATH (skipped otherwise); the first run
 * installs SUSHI with {@code npm ci} from the npm registry, the only network access.
 */
class FshSourcesAreCompiledTest {

	static final Path TOOLS = Path.of("tools", "fhir-package-cache").toAbsolutePath();
	static final Path PROFILES = Path.of("fhir-profiles").toAbsolutePath();
	static final Path GUIDE = Path.of("ig").toAbsolutePath();
	static final String REGENERATE = "regenerate with `tools/fhir-package-cache/sushi.sh` and commit "
			+ "fhir-profiles/fsh-generated and ig/";
	static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	static Path scratch;

	static Path node;
	static Path copy;

	@BeforeAll
	static void compileACopyOfTheFshSources() throws Exception {
		node = onPath("node").orElse(null);
		Optional<Path> npm = onPath("npm");
		assumeTrue(node != null && npm.isPresent(),
				"node and npm are not on the PATH: skipping the check that fhir-profiles/fsh-generated is up to date "
						+ "(install Node >= 18 to run it)");
		installPinnedSushi(npm.get());

		copy = scratch.resolve("repo");
		copyTree(PROFILES, copy.resolve("fhir-profiles"), p -> !p.startsWith(PROFILES.resolve("fsh-generated")));
		// SUSHI reads packages from $HOME/.fhir/packages: give it a home whose packages folder is the offline cache.
		Path home = scratch.resolve("home");
		Files.createDirectories(home.resolve(".fhir"));
		Files.createSymbolicLink(home.resolve(".fhir").resolve("packages"), FhirPackageCache.directory());

		String log = run(Map.of("HOME", home.toString()), 240,
				TOOLS.resolve("node_modules/.bin/sushi").toString(), "build", copy.resolve("fhir-profiles").toString(), "--snapshot");
		List<String> unexpectedWarnings = log.lines()
				.filter(line -> line.startsWith("warn") || line.startsWith("error"))
				.filter(line -> !line.contains("Failed to load automatically-provided"))
				.toList();
		assertThat(unexpectedWarnings).as("SUSHI errors and unexpected warnings; full output:\n" + log).isEmpty();

		run(Map.of(), 60, node.toString(), TOOLS.resolve("publish-examples.mjs").toString(), copy.toString());
	}

	@Test
	void theCommittedFshGeneratedResourcesAreWhatSushiCompilesTheFshTo() throws IOException {
		assertSameJson(copy.resolve("fhir-profiles/fsh-generated/resources"), PROFILES.resolve("fsh-generated/resources"),
				"fhir-profiles/fsh-generated/resources", p -> true);
	}

	@Test
	void theCommittedExamplesAndCounterExamplesAreWhatSushiCompilesTheFshTo() throws IOException {
		assertSameJson(copy.resolve("ig/examples"), GUIDE.resolve("examples"), "ig/examples", p -> true);
		assertSameJson(copy.resolve("ig/counter-examples"), GUIDE.resolve("counter-examples"), "ig/counter-examples",
				p -> !p.getFileName().toString().equals("expected-errors.json"));
	}

	/** Same JSON files (relative paths, recursively), each with the same JSON content. */
	private static void assertSameJson(Path generated, Path committed, String name, Predicate<Path> include) throws IOException {
		Map<String, Path> fresh = jsonFiles(generated, include);
		Map<String, Path> current = jsonFiles(committed, include);
		List<String> stale = new ArrayList<>();
		for (String file : fresh.keySet()) {
			if (!current.containsKey(file)) {
				stale.add(file + " (missing)");
			} else if (!JSON.readTree(fresh.get(file).toFile()).equals(JSON.readTree(current.get(file).toFile()))) {
				stale.add(file + " (differs)");
			}
		}
		for (String file : current.keySet()) {
			if (!fresh.containsKey(file)) {
				stale.add(file + " (no longer generated)");
			}
		}
		if (!stale.isEmpty()) {
			fail(name + " is stale, it does not match the FHIR Shorthand in fhir-profiles/input: " + stale.size()
					+ " file(s)\n  " + String.join("\n  ", stale) + "\n" + REGENERATE);
		}
		assertThat(fresh).as("JSON files generated into " + generated).isNotEmpty();
	}

	private static Map<String, Path> jsonFiles(Path folder, Predicate<Path> include) throws IOException {
		Map<String, Path> files = new TreeMap<>();
		if (Files.isDirectory(folder)) {
			try (Stream<Path> all = Files.walk(folder)) {
				all.filter(p -> p.toString().endsWith(".json") && include.test(p))
						.forEach(p -> files.put(folder.relativize(p).toString(), p));
			}
		}
		return files;
	}

	/** Runs {@code npm ci} in tools/fhir-package-cache unless the pinned fsh-sushi is already installed there. */
	private static void installPinnedSushi(Path npm) throws Exception {
		String pinned = JSON.readTree(TOOLS.resolve("package.json").toFile()).path("devDependencies").path("fsh-sushi").asText();
		Path installed = TOOLS.resolve("node_modules/fsh-sushi/package.json");
		boolean present = Files.isRegularFile(installed)
				&& Files.isExecutable(TOOLS.resolve("node_modules/.bin/sushi"))
				&& pinned.equals(JSON.readTree(installed.toFile()).path("version").asText());
		if (!present) {
			run(Map.of(), 300, npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error");
		}
	}

	/** Runs a command in tools/fhir-package-cache; returns its output, fails on a non-zero exit or a time-out. */
	private static String run(Map<String, String> env, long timeoutSeconds, String... command) throws Exception {
		Path log = Files.createTempFile(scratch, "command", ".log");
		ProcessBuilder builder = new ProcessBuilder(command)
				.directory(TOOLS.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
		builder.environment().putAll(env);
		Process process = builder.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			fail("Timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n" + Files.readString(log));
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("exit code of " + String.join(" ", command) + "; output:\n" + output).isZero();
		return output;
	}

	private static Optional<Path> onPath(String executable) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Arrays.stream(path.split(File.pathSeparator))
				.filter(dir -> !dir.isBlank())
				.map(dir -> Path.of(dir, executable))
				.filter(Files::isExecutable)
				.findFirst();
	}

	private static void copyTree(Path from, Path to, Predicate<Path> include) throws IOException {
		try (Stream<Path> all = Files.walk(from)) {
			for (Path source : all.filter(include).toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				} else {
					Files.copy(source, target);
				}
			}
		}
	}
}
