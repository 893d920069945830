import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Whether an embedded H2 file keeps every acknowledged commit when its process is killed (bench/h2-kill.sh): a child
 * JVM commits rows from four threads with Concord's H2 settings and prints each committed id; it is killed after 20 to
 * 400 acknowledgements, and the database reopened and searched for every id. The child may also run one of H2's
 * compaction operations over and over while it writes (what Concord's online housekeeping did until run 47):
 * {@code none}, {@code rewrite} (MVStore.compact, then a commit), {@code rounds} (the same once a second, for 200 ms,
 * on chunks less than half live: what run 52 tried in the server), {@code move} (compactMoveChunks) or {@code settle}
 * (a commit of its own), at a retention time in ms (-1: the database's own). With LIFE_SECONDS=min-max in the
 * environment each life is killed after a random time in that range instead (a retention time of 45 s frees nothing
 * in a life of a few seconds); each line then also gives the file's size. Such lives write for a minute or more,
 * so WRITE_PAUSE_MS (a pause after each commit of each writer) and PAYLOAD_MAX (the largest text written, 12,000 by
 * default) keep the file within the disk.
 */
public class H2KillCheck {

	public static void main(String[] args) throws Exception {
		if (args[0].equals("child")) {
			child(args[1], args[2], Integer.parseInt(args[3]));
			return;
		}
		int folders = Integer.parseInt(args[0]);
		int lives = Integer.parseInt(args[1]);
		String operation = args[2];
		String retention = args[3];
		String settings = args.length > 4 ? args[4] : "";
		int kills = 0;
		int losing = 0;
		for (int folder = 0; folder < folders; folder++) {
			Path dir = Files.createTempDirectory("h2kill");
			String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=16384;WRITE_DELAY=0" + settings;
			Set<Long> acknowledged = new HashSet<>();
			long missingBefore = 0;
			for (int life = 0; life < lives; life++) {
				Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
						"-cp", System.getProperty("java.class.path"), "H2KillCheck", "child", url, operation, retention)
						.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile())).start();
				List<Long> thisLife = Collections.synchronizedList(new ArrayList<>());
				Thread reader = new Thread(() -> {
					try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
						for (String line; (line = in.readLine()) != null; ) {
							thisLife.add(Long.parseLong(line));
						}
					} catch (Exception ignored) {
						// the child was killed
					}
				});
				reader.start();
				String lifeSeconds = System.getenv("LIFE_SECONDS");
				if (lifeSeconds != null) {
					String[] range = lifeSeconds.split("-");
					Thread.sleep(1000L * ThreadLocalRandom.current().nextInt(Integer.parseInt(range[0]), Integer.parseInt(range[1]) + 1));
				} else {
					int target = ThreadLocalRandom.current().nextInt(20, 400);
					long deadline = System.currentTimeMillis() + 60_000;
					while (thisLife.size() < target && System.currentTimeMillis() < deadline) {
						Thread.sleep(1);
					}
				}
				child.destroyForcibly().waitFor();
				reader.join();
				acknowledged.addAll(thisLife);
				Set<Long> present = new HashSet<>();
				try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
					try (ResultSet rows = s.executeQuery("SELECT DISTINCT id / 10 FROM t")) {
						while (rows.next()) {
							present.add(rows.getLong(1));
						}
					}
					s.execute("SHUTDOWN IMMEDIATELY");
				}
				long missing = acknowledged.stream().filter(id -> !present.contains(id)).count();
				kills++;
				// a loss stays lost: only a kill that adds to it counts
				losing += missing > missingBefore ? 1 : 0;
				missingBefore = missing;
				System.out.printf("folder %d life %d: %d acknowledged (%d this life), %d missing, file %d MB%s%n", folder, life,
						acknowledged.size(), thisLife.size(), missing, Files.size(dir.resolve("db.mv.db")) >> 20,
						missing > 0 ? " (" + dir + ")" : "");
			}
		}
		System.out.printf("| %s | retention %s | kills %d | kills that lost acknowledged commits %d |%n", operation, retention, kills, losing);
	}

	private static void child(String url, String operation, int retention) throws Exception {
		Connection held = DriverManager.getConnection(url, "sa", "");
		try (Statement s = held.createStatement()) {
			s.execute("CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, n INT, payload CLOB)");
			s.execute("CREATE INDEX IF NOT EXISTS t_n ON t (n)");
		}
		MVStore store = ((SessionLocal) held.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
		if (!operation.equals("none")) {
			Thread compacting = new Thread(() -> {
				while (true) {
					int before = store.getRetentionTime();
					if (retention >= 0) {
						store.setRetentionTime(retention);
					}
					try {
						switch (operation) {
							case "rewrite" -> {
								if (store.compact(90, 1 << 20)) {
									store.commit();
								}
							}
							case "rounds" -> {
								long stopAt = System.nanoTime() + 200_000_000L;
								while (System.nanoTime() < stopAt && store.getFileStore().getChunksFillRate() < 50
										&& store.compact(50, 1 << 20)) {
									store.commit();
								}
							}
							case "move" -> ((RandomAccessStore) store.getFileStore()).compactMoveChunks(90, 1 << 20, store);
							case "settle" -> {
								store.setStoreVersion(store.getStoreVersion());
								store.commit();
							}
							default -> throw new IllegalArgumentException(operation);
						}
						Thread.sleep(operation.equals("rounds") ? 1000 : ThreadLocalRandom.current().nextInt(1, 50));
					} catch (Exception e) {
						e.printStackTrace();
						System.exit(3);
					} finally {
						store.setRetentionTime(before);
					}
				}
			});
			compacting.setDaemon(true);
			compacting.start();
		}
		AtomicLong ids = new AtomicLong(System.nanoTime() / 1000);
		long pauseMs = Long.parseLong(System.getenv().getOrDefault("WRITE_PAUSE_MS", "0"));
		int payloadMax = Integer.parseInt(System.getenv().getOrDefault("PAYLOAD_MAX", "12000"));
		for (int i = 0; i < 4; i++) {
			new Thread(() -> {
				try (Connection c = DriverManager.getConnection(url, "sa", "")) {
					c.setAutoCommit(false);
					PreparedStatement insert = c.prepareStatement("INSERT INTO t (id, n, payload) VALUES (?, ?, ?)");
					PreparedStatement update = c.prepareStatement("UPDATE t SET payload = ?, n = n + 1 WHERE id = ?");
					ThreadLocalRandom random = ThreadLocalRandom.current();
					long previous = -1;
					while (true) {
						long id = ids.incrementAndGet();
						for (int k = 0; k < 4; k++) {
							insert.setLong(1, id * 10 + k);
							insert.setInt(2, random.nextInt(1000));
							insert.setString(3, "x".repeat(random.nextInt(200, payloadMax)));
							insert.executeUpdate();
						}
						if (previous > 0) {
							update.setString(1, "y".repeat(random.nextInt(200, payloadMax)));
							update.setLong(2, previous * 10 + random.nextInt(4));
							update.executeUpdate();
						}
						c.commit();
						previous = id;
						synchronized (System.out) {
							System.out.println(id);
							System.out.flush();
						}
						if (pauseMs > 0) {
							Thread.sleep(pauseMs);
						}
					}
				} catch (Exception e) {
					e.printStackTrace();
				}
			}).start();
		}
		Thread.sleep(Long.MAX_VALUE);
	}
}
