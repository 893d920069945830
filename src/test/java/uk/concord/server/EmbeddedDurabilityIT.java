package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.parallel.ResourceLock;
import uk.concord.testing.ConcordProcess;

/**
 * The embedded default (H2 file + Lucene): killed mid-load, and backed up with {@code java -jar concord.jar backup}
 * while it runs, restored with {@code restore} into a new data folder.
 */
@ResourceLock("uk.concord.server.EmbeddedDurabilityIT")
class EmbeddedDurabilityIT extends DurabilityContract {

	/** Without the demo records, which only lengthen each start here. */
	private static final List<String> SETTINGS = List.of("--concord.demo.load=false");

	@Override
	ConcordProcess startOnNewDatabase(Path dataDir) {
		return ConcordProcess.start(dataDir, SETTINGS, Map.of());
	}

	/** The embedded database cannot be watched from outside the server: after one to three more acknowledgements. */
	@Override
	void killMidLoad(ConcordProcess server, TransactionLoad load) {
		int target = load.acknowledged() + ThreadLocalRandom.current().nextInt(1, 4);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(1)).until(() -> load.acknowledged() >= target);
		server.kill();
	}

	@Override
	void backUp(ConcordProcess server, Path backup) {
		ConcordProcess.CommandResult result = ConcordProcess.command(List.of(
				"backup", backup + ".zip", "--concord.server.data-dir=" + server.dataDir()));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("Backup written");
	}

	@Override
	ConcordProcess restoreIntoNewServer(Path backup, Path dataDir) {
		ConcordProcess.CommandResult result = ConcordProcess.command(List.of(
				"restore", backup + ".zip", "--concord.server.data-dir=" + dataDir));
		assertThat(result.exitCode()).as(result.output()).isZero();
		return ConcordProcess.start(dataDir, SETTINGS, Map.of());
	}
}
