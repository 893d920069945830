package uk.concord.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code java -jar concord.jar backup FILE.zip} and {@code restore FILE.zip} for the embedded database, with
 * {@code --concord.server.data-dir=DIR} (or {@code CONCORD_SERVER_DATA_DIR}; default {@code ./data}) naming the
 * server's data folder. A backup asks the running server through its {@link AdminSocket}, or, when none is running,
 * opens the database itself. A restore needs the server stopped and a data folder without a database; the full-text
 * index is not in the backup: the server rebuilds it from the database when it starts on an empty index.
 */
public final class BackupCommand {

	private BackupCommand() {}

	public static boolean handles(String[] args) {
		return args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"));
	}

	/** Runs the command; returns the process exit code. */
	public static int run(String[] args) {
		String file = Arrays.stream(args).skip(1).filter(a -> !a.startsWith("--")).findFirst().orElse(null);
		if (file == null) {
			System.err.println("Usage: java -jar concord.jar backup|restore FILE.zip [--concord.server.data-dir=DIR]");
			return 2;
		}
		Path dataDir = dataDir(args);
		Path zip = Path.of(file).toAbsolutePath().normalize();
		try {
			return args[0].equals("backup") ? backUp(dataDir, zip) : restore(dataDir, zip);
		} catch (RuntimeException e) {
			System.err.println(args[0] + " failed: " + e.getMessage());
			return 1;
		}
	}

	private static int backUp(Path dataDir, Path zip) {
		String answer = askRunningServer(dataDir, "backup " + zip);
		if (answer == null) {
			if (!Files.isDirectory(dataDir.resolve(H2Backup.DATABASE_FOLDER))) {
				throw new IllegalArgumentException("no embedded database in " + dataDir
						+ " (on PostgreSQL, back up with pg_dump: see README, Backup and restore)");
			}
			H2Backup.backUp(offline(dataDir), zip);
			answer = "ok " + zip + " (server not running: taken from the database files)";
		}
		if (!answer.startsWith("ok ")) {
			System.err.println("backup failed: " + answer.replaceFirst("^error ", ""));
			return 1;
		}
		System.out.println("Backup written: " + answer.substring(3));
		return 0;
	}

	private static int restore(Path dataDir, Path zip) throws UncheckedIOException {
		if (askRunningServer(dataDir, "ping") != null) {
			throw new IllegalStateException("a server is running on " + dataDir + ": stop it first");
		}
		H2Backup.restore(zip, dataDir);
		deleteFullTextIndex(dataDir.resolve("lucene"));
		System.out.println("Restored " + zip + " into " + dataDir
				+ "; the full-text index is rebuilt from the database when the server starts");
		return 0;
	}

	/** The answer of the server running on this data folder, or null when none is. */
	private static String askRunningServer(Path dataDir, String request) {
		Path socket = dataDir.resolve(AdminSocket.FOLDER).resolve(AdminSocket.SOCKET);
		if (!Files.exists(socket)) {
			return null;
		}
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			PrintWriter out = new PrintWriter(Channels.newOutputStream(channel), true, StandardCharsets.UTF_8);
			out.println(request);
			return new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8)).readLine();
		} catch (IOException leftByAKilledServer) {
			return null;
		}
	}

	private static JdbcTemplate offline(Path dataDir) {
		String url = "jdbc:h2:file:" + dataDir.resolve(H2Backup.DATABASE_FOLDER).resolve("concord") + ";IFEXISTS=TRUE";
		return new JdbcTemplate(new SingleConnectionDataSource(url, "sa", "", true));
	}

	/** An index left from the database this restore replaces would not match it. */
	private static void deleteFullTextIndex(Path index) {
		if (!Files.exists(index)) {
			return;
		}
		try (Stream<Path> files = Files.walk(index)) {
			for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot delete the old full-text index " + index, e);
		}
	}

	private static Path dataDir(String[] args) {
		String configured = Arrays.stream(args)
				.filter(a -> a.startsWith("--concord.server.data-dir="))
				.map(a -> a.substring("--concord.server.data-dir=".length()))
				.findFirst()
				.orElseGet(() -> System.getenv().getOrDefault("CONCORD_SERVER_DATA_DIR", "./data"));
		return Path.of(configured).toAbsolutePath().normalize();
	}
}
