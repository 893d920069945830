package uk.concord.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How {@code java -jar concord.jar backup FILE} reaches the running server: a Unix domain socket in
 * {@code <data-dir>/admin/}, a folder only the server's own user may enter, so whoever can use it could read the
 * database files anyway. It answers one request per connection: {@code backup <absolute path>} runs H2's online
 * {@code BACKUP TO}, a transactionally consistent copy taken while the server keeps serving. Nothing listens on the
 * network for this.
 */
class AdminSocket implements SmartLifecycle {

	static final String FOLDER = "admin";
	static final String SOCKET = "concord.sock";

	private static final Logger log = LoggerFactory.getLogger(AdminSocket.class);

	private final Path folder;
	private final JdbcTemplate database;
	private volatile ServerSocketChannel channel;

	AdminSocket(Path dataDir, JdbcTemplate database) {
		this.folder = dataDir.resolve(FOLDER);
		this.database = database;
	}

	@Override
	public void start() {
		try {
			Files.createDirectories(folder);
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
			Path socket = folder.resolve(SOCKET);
			// left behind by a server that was killed; this one holds the database lock, so no other server is here
			Files.deleteIfExists(socket);
			channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
		} catch (IOException | UnsupportedOperationException e) {
			log.warn("No admin socket in {} ({}): online backups need the server stopped", folder, e.toString());
			return;
		}
		Thread listener = new Thread(this::serve, "concord-admin-socket");
		listener.setDaemon(true);
		listener.start();
	}

	private void serve() {
		ServerSocketChannel listening = channel;
		while (listening != null && listening.isOpen()) {
			try (SocketChannel client = listening.accept();
					BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
					PrintWriter out = new PrintWriter(Channels.newOutputStream(client), true, StandardCharsets.UTF_8)) {
				out.println(answer(in.readLine()));
			} catch (IOException closed) {
				return;
			}
		}
	}

	private String answer(String request) {
		if (request == null || !request.startsWith("backup ")) {
			return "error unknown request; the only one is: backup <absolute path of a .zip file>";
		}
		Path target = Path.of(request.substring("backup ".length()).strip());
		try {
			H2Backup.backUp(database, target);
			log.info("Online backup written to {}", target);
			return "ok " + target + " " + Files.size(target);
		} catch (RuntimeException | IOException e) {
			log.warn("Online backup to {} failed", target, e);
			return "error " + e.getMessage();
		}
	}

	@Override
	public void stop() {
		ServerSocketChannel open = channel;
		channel = null;
		if (open != null) {
			try {
				open.close();
				Files.deleteIfExists(folder.resolve(SOCKET));
			} catch (IOException e) {
				log.debug("Admin socket closed with {}", e.toString());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return channel != null;
	}
}
