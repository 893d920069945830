package uk.concord.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.springframework.util.FileSystemUtils;

/**
 * The cluster profile for real: two Concord processes on one PostgreSQL database, sharing an OpenSearch node (started
 * inside this JVM) for the full-text index and one token signing key. Started once for the test classes marked
 * {@link UsesTheTwoNodeCluster} (a node takes most of a minute to start), which take it as a parameter of their
 * {@code @BeforeAll} method, and stopped when the last of them has finished: its nodes' jobs, every second, would
 * otherwise take the CPU of the rest of the run. Tests that share it write records of their own (new NHS Numbers),
 * and one that restarts a node leaves it running on the same port.
 */
public final class TwoNodeCluster implements ExtensionContext.Store.CloseableResource {

	/** The {@code @ResourceLock} of the classes that use the cluster (a node's restart would fail another's requests). */
	public static final String LOCK = "uk.concord.testing.TwoNodeCluster";

	/** Short, so that a window of seconds shows how often the cluster ran a clustered job. */
	public static final Duration JOB_INTERVAL = Duration.ofSeconds(1);

	private final Path folder;
	private final EmbeddedOpenSearch search;
	private final String database;
	private final ConcordProcess first;
	private final ConcordProcess second;

	private TwoNodeCluster(Path folder) throws IOException {
		this.folder = folder;
		long started = System.nanoTime();
		search = EmbeddedOpenSearch.start(folder.resolve("opensearch"));
		System.out.printf("OpenSearch node started in %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
		database = PostgresDatabases.fresh("cluster");
		ConcordProcess startedFirst = null;
		try {
			startedFirst = startNode("node-1");
			// one issuer for the cluster: the second node signs with the first node's development key (SCALING.md)
			Path key = Path.of("security", "dev-signing-key.json");
			Files.createDirectories(folder.resolve("node-2").resolve(key).getParent());
			Files.copy(startedFirst.dataDir().resolve(key), folder.resolve("node-2").resolve(key));
			second = startNode("node-2");
		} catch (RuntimeException | IOException failed) {
			// nothing is stored for the run to close: stop what did start
			if (startedFirst != null) {
				startedFirst.close();
			}
			search.close();
			throw failed;
		}
		first = startedFirst;
	}

	private ConcordProcess startNode(String name) {
		long started = System.nanoTime();
		Map<String, String> environment = new HashMap<>(PostgresDatabases.environmentFor(database));
		environment.put("CONCORD_SEARCH_HOSTS", search.hosts());
		ConcordProcess node = ConcordProcess.start(folder.resolve(name), List.of(
						"--spring.profiles.active=postgres,cluster",
						"--concord.security.dev-server.enabled=true",
						"--concord.fulltext.catch-up-interval=" + JOB_INTERVAL,
						"--concord.coordination.review-check-interval=" + JOB_INTERVAL,
						// team systems' REST hooks: receivers the tests run on this machine
						"--concord.coordination.subscriptions.endpoints=http://localhost:",
						"--logging.level.uk.concord.fulltext=DEBUG"),
				environment);
		System.out.printf("%s ready in %d ms%n", name, Duration.ofNanos(System.nanoTime() - started).toMillis());
		return node;
	}

	public ConcordProcess first() {
		return first;
	}

	public ConcordProcess second() {
		return second;
	}

	/** The JDBC URL of the nodes' database. */
	public String database() {
		return database;
	}

	@Override
	public void close() throws IOException {
		// for docker/SCALING.md
		System.out.printf("Resident memory of the cluster's nodes at the end: node-1 %d MiB, node-2 %d MiB%n",
				first.residentMebibytes(), second.residentMebibytes());
		second.close();
		first.close();
		search.close();
		FileSystemUtils.deleteRecursively(folder);
	}

	/** Gives a test class the run's cluster, starting it for the first class that asks and stopping it after the last. */
	public static final class Shared implements ParameterResolver, AfterAllCallback {

		private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TwoNodeCluster.class);

		@Override
		public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
			return parameter.getParameter().getType() == TwoNodeCluster.class;
		}

		@Override
		public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
			// the root context's store also closes it when the whole run ends
			return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(TwoNodeCluster.class, key -> {
				try {
					return new TwoNodeCluster(Files.createTempDirectory("concord-cluster"));
				} catch (IOException e) {
					throw new IllegalStateException("Cannot make the cluster's folder", e);
				}
			}, TwoNodeCluster.class);
		}

		@Override
		public void afterAll(ExtensionContext context) throws IOException {
			ExtensionContext.Store run = context.getRoot().getStore(NAMESPACE);
			AtomicInteger finished = run.getOrComputeIfAbsent("finished", key -> new AtomicInteger(), AtomicInteger.class);
			int users = run.getOrComputeIfAbsent("users", key -> users(), Integer.class);
			if (finished.incrementAndGet() == users) {
				TwoNodeCluster cluster = run.remove(TwoNodeCluster.class, TwoNodeCluster.class);
				if (cluster != null) {
					cluster.close();
				}
			}
		}

		/**
		 * The test classes marked {@link UsesTheTwoNodeCluster}: when that many have finished, the cluster stops. A run
		 * of fewer of them (one class alone) stops it when the run ends. Counted once a run, on the class path.
		 */
		private static int users() {
			return ReflectionSupport.findAllClassesInPackage("uk.concord",
					type -> AnnotationSupport.isAnnotated(type, UsesTheTwoNodeCluster.class), name -> true).size();
		}
	}
}
