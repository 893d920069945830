package uk.concord.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.node.NodeValidationException;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A real OpenSearch 2.17.1 node inside the test JVM, with its HTTP API on a free local port: the full-text index a
 * Concord cluster shares in the cluster tests (no Docker here). One node, its data in a folder of the test's.
 * See ../shared/domain/embedded-opensearch.md for why it is started this way.
 */
public final class EmbeddedOpenSearch implements AutoCloseable {

	private final Node node;
	private final int httpPort;

	private EmbeddedOpenSearch(Node node, int httpPort) {
		this.node = node;
		this.httpPort = httpPort;
	}

	public static EmbeddedOpenSearch start(Path home) {
		int httpPort = ConcordProcess.freePort();
		Settings settings = Settings.builder()
				.put("cluster.name", "concord-test")
				.put("node.name", "search-1")
				.put("path.home", home.toString())
				.put("path.data", home.resolve("data").toString())
				.put("network.host", "127.0.0.1")
				.put("http.port", httpPort)
				.put("transport.port", ConcordProcess.freePort())
				.put("http.type", "netty4")
				.put("transport.type", "netty4")
				.put("discovery.type", "single-node")
				.put("cluster.routing.allocation.disk.threshold_enabled", false)
				.build();
		Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "search-1");
		Node node = new PluginNode(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class));
		try {
			node.start();
		} catch (NodeValidationException e) {
			throw new IllegalStateException("OpenSearch did not start", e);
		}
		EmbeddedOpenSearch search = new EmbeddedOpenSearch(node, httpPort);
		search.awaitGreenOrYellow();
		return search;
	}

	/** {@code host:port} for {@code CONCORD_SEARCH_HOSTS}. */
	public String hosts() {
		return "127.0.0.1:" + httpPort;
	}

	/** A GET on the node's REST API, e.g. {@code _cat/indices}. */
	public String get(String path) {
		try {
			return HttpClient.newHttpClient().send(
					HttpRequest.newBuilder(URI.create("http://" + hosts() + "/" + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString()).body();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private void awaitGreenOrYellow() {
		Awaitility.await("OpenSearch cluster health").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> get("_cluster/health").matches(".*\"status\":\"(green|yellow)\".*"));
	}

	@Override
	public void close() {
		try {
			node.close();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Node's constructor that takes plugin classes from the class path is protected. */
	private static final class PluginNode extends Node {
		PluginNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
			super(environment, plugins, true);
		}
	}
}
