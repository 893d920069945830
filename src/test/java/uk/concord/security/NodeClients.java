package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JavaScript clients in {@code src/test/js/security} (the libraries people use against a SMART on FHIR
 * server, versions pinned in its package.json and package-lock.json) with Node.js. The first run installs them with
 * {@code npm ci} from the npm registry. Without node and npm the tests are skipped with a message, except under
 * {@code CI=true}, where they fail.
 */
final class NodeClients {

	static final Path DIRECTORY = Path.of("src", "test", "js", "security").toAbsolutePath();
	static final ObjectMapper JSON = new ObjectMapper();

	private NodeClients() {}

	/** Node on the PATH and the pinned libraries installed; skips (or fails under CI) otherwise. */
	static Path node() throws Exception {
		Optional<Path> node = onPath("node");
		Optional<Path> npm = onPath("npm");
		if ((node.isEmpty() || npm.isEmpty()) && "true".equals(System.getenv("CI"))) {
			throw new AssertionError("node and npm are required under CI=true (apt-get install -y nodejs npm)");
		}
		assumeTrue(node.isPresent() && npm.isPresent(),
				"node and npm are not on the PATH: skipping the SMART client library tests (install Node >= 20)");
		if (!installed()) {
			run(List.of(npm.get().toString(), "ci", "--loglevel=error"), Map.of(), 300);
		}
		return node.get();
	}

	/** Runs a script of the folder; returns the JSON of its last output line. */
	static JsonNode script(String script, Map<String, String> environment, long timeoutSeconds) throws Exception {
		String output = run(List.of(node().toString(), script), environment, timeoutSeconds);
		List<String> lines = output.lines().filter(line -> line.startsWith("{")).toList();
		assertThat(lines).as("a JSON line from " + script + "; output:\n" + output).isNotEmpty();
		return JSON.readTree(lines.get(lines.size() - 1));
	}

	private static boolean installed() throws Exception {
		JsonNode pinned = JSON.readTree(DIRECTORY.resolve("package.json").toFile()).path("devDependencies");
		for (Iterator<Map.Entry<String, JsonNode>> it = pinned.fields(); it.hasNext(); ) {
			Map.Entry<String, JsonNode> dependency = it.next();
			Path installed = DIRECTORY.resolve("node_modules").resolve(dependency.getKey()).resolve("package.json");
			if (!Files.isRegularFile(installed)
					|| !dependency.getValue().asText().equals(JSON.readTree(installed.toFile()).path("version").asText())) {
				return false;
			}
		}
		return true;
	}

	private static String run(List<String> command, Map<String, String> environment, long timeoutSeconds)
			throws Exception {
		Path log = Files.createTempFile("node-client", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
					.directory(DIRECTORY.toFile())
					.redirectErrorStream(true)
					.redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				fail("Timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n" + Files.readString(log));
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as("exit code of " + String.join(" ", command) + "; output:\n" + output).isZero();
			return output;
		} finally {
			Files.deleteIfExists(log);
		}
	}

	private static Optional<Path> onPath(String executable) {
		String path = System.getenv("PATH");
		return path == null
				? Optional.empty()
				: Arrays.stream(path.split(File.pathSeparator))
						.filter(dir -> !dir.isBlank())
						.map(dir -> Path.of(dir, executable))
						.filter(Files::isExecutable)
						.findFirst();
	}
}
