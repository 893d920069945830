package uk.concord.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A Concord server in a JVM of its own, started from the classes this test run was built with (the main classes and
 * their runtime dependencies, never the test classes or test libraries): for what one Spring context inside the test
 * JVM cannot show, such as two nodes on one database or a server killed with {@code kill -9}. Its output goes to
 * {@code <data-dir>/server.log}. It counts as started once it reports itself ready
 * ({@code /actuator/health/readiness}), which is after start-up work such as catching up the full-text index.
 */
public final class ConcordProcess implements AutoCloseable {

	/**
	 * Start-up takes about a minute on 2 idle cores and several when the machine is busy (CI, parallel builds); a
	 * machine busier still can allow more with {@code -Dconcord.process.start-timeout=PT20M}.
	 */
	private static final Duration START_TIMEOUT = Duration.parse(System.getProperty("concord.process.start-timeout", "PT10M"));

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** Servers a test forgot to stop die with the test JVM rather than outlive the build. */
	private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
	}

	private final Path dataDir;
	private final List<String> arguments;
	private final Map<String, String> environment;
	private final int port;
	private Process process;

	private ConcordProcess(Path dataDir, int port, List<String> arguments, Map<String, String> environment) {
		this.dataDir = dataDir;
		this.port = port;
		this.arguments = arguments;
		this.environment = environment;
	}

	/**
	 * Starts a server and waits until {@code /fhir/metadata} answers 200.
	 *
	 * @param dataDir     its {@code concord.server.data-dir} (created if missing; reuse it to restart on the same data)
	 * @param arguments   further Spring arguments, e.g. {@code --spring.profiles.active=postgres}
	 * @param environment further environment variables
	 */
	public static ConcordProcess start(Path dataDir, List<String> arguments, Map<String, String> environment) {
		ConcordProcess server = new ConcordProcess(dataDir.toAbsolutePath(), freePort(), List.copyOf(arguments), environment);
		server.launch();
		return server;
	}

	/** Starts this server again on the same data folder, port and settings (after {@link #kill()} or {@link #stop()}). */
	public ConcordProcess restart() {
		launch();
		return this;
	}

	private void launch() {
		try {
			Files.createDirectories(dataDir);
			List<String> command = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx1g",
					// C1 only: a test server lives minutes, and the C2 compiler's work would slow its start on 2 cores
					"-XX:TieredStopAtLevel=1",
					"-cp", mainClassPath(),
					"uk.concord.ConcordApplication",
					"--server.port=" + port,
					"--concord.server.data-dir=" + dataDir,
					// tokens name the issuer; every node of a test cluster must agree on it, whatever its port
					"--concord.security.issuer=http://localhost"));
			command.addAll(arguments);
			ProcessBuilder builder = new ProcessBuilder(command)
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
			builder.environment().putAll(environment);
			process = builder.start();
			RUNNING.add(process);
		} catch (IOException e) {
			throw new IllegalStateException("Cannot start a Concord process", e);
		}
		try {
			Awaitility.await("Concord on port " + port + " to report itself ready (log: " + log() + ")")
					.atMost(START_TIMEOUT)
					.pollInterval(Duration.ofMillis(500))
					.until(() -> {
						if (!process.isAlive()) {
							throw new IllegalStateException("Concord exited with " + process.exitValue()
									+ " during start-up:\n" + tail(40));
						}
						return isReady();
					});
		} catch (RuntimeException | Error failed) {
			// never leave a half-started server behind a failed test
			process.destroyForcibly();
			keepLog();
			throw failed;
		}
	}

	/**
	 * A copy of the server's log under {@code target/concord-process-logs/}: its data folder is often a test's
	 * temporary folder, deleted when the test ends, and a failure is explained by the log.
	 */
	private void keepLog() {
		try {
			Path kept = Files.createDirectories(Path.of("target", "concord-process-logs"));
			Files.copy(log(), kept.resolve(dataDir.getParent().getFileName() + "-" + dataDir.getFileName() + "-" + port + ".log"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		} catch (IOException | RuntimeException e) {
			System.err.println("Could not keep the log of " + dataDir + ": " + e);
		}
	}

	private boolean isReady() {
		try {
			HttpResponse<Void> response = HTTP.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
							.timeout(Duration.ofSeconds(5)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		} catch (IOException e) {
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Runs a Concord command line in a JVM of its own (e.g. {@code backup FILE --concord.server.data-dir=DIR}), as an
	 * operator would with {@code java -jar concord.jar ...}; returns its exit code and output.
	 */
	public static CommandResult command(List<String> arguments) {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", mainClassPath(),
				"uk.concord.ConcordApplication"));
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("Command did not finish: " + arguments);
			}
			return new CommandResult(process.exitValue(), output);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public record CommandResult(int exitCode, String output) {}

	/** The FHIR base, e.g. {@code http://localhost:41234/fhir}. */
	public String baseUrl() {
		return "http://localhost:" + port + "/fhir";
	}

	public int port() {
		return port;
	}

	public Path dataDir() {
		return dataDir;
	}

	/** A client of this server, as the demo EHR system (see {@link FhirHttp#as}). */
	public FhirHttp fhir() {
		return new FhirHttp(port);
	}

	/** Resident memory of the server's JVM now, in MiB (Linux), or -1 where it cannot be read. */
	public long residentMebibytes() {
		try {
			return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
					.filter(line -> line.startsWith("VmRSS:"))
					.mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
					.findFirst().orElse(-1);
		} catch (IOException | RuntimeException e) {
			return -1;
		}
	}

	public boolean isAlive() {
		return process != null && process.isAlive();
	}

	/** {@code kill -9}: no shutdown hooks, nothing flushed. */
	public void kill() {
		process.destroyForcibly();
		waitForExit();
	}

	/** A normal shutdown (SIGTERM), as an operator's stop would be. */
	public void stop() {
		process.destroy();
		waitForExit();
	}

	private void waitForExit() {
		RUNNING.remove(process);
		try {
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly().waitFor();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (isAlive()) {
			stop();
		}
		keepLog();
	}

	public Path log() {
		return dataDir.resolve("server.log");
	}

	/** The last lines of the server's output, for failure messages. */
	public String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(log(), StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		} catch (IOException e) {
			return "(no log: " + e.getMessage() + ")";
		}
	}

	/**
	 * The main classes and their runtime dependencies, as Maven listed them ({@code target/runtime-classpath.txt},
	 * pom.xml): test classes would join their configurations to the server's, and test libraries (OpenSearch,
	 * log4j-core) would change its logging. Without that list (a test started from an IDE that skipped Maven's
	 * generate-test-resources phase), this run's class path less the test classes.
	 */
	static String mainClassPath() {
		List<String> own = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
				.filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes" + File.separator))
				.filter(entry -> !entry.contains("surefire"))
				.toList();
		Path listed = Path.of("target", "runtime-classpath.txt");
		if (!Files.exists(listed)) {
			return String.join(File.pathSeparator, own);
		}
		try {
			String mainClasses = own.stream().filter(entry -> entry.endsWith("classes") || entry.endsWith("classes" + File.separator))
					.findFirst().orElse(Path.of("target", "classes").toAbsolutePath().toString());
			return mainClasses + File.pathSeparator + Files.readString(listed, StandardCharsets.UTF_8).strip();
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A port nothing listens on now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
