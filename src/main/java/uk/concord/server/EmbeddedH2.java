package uk.concord.server;

import java.util.Locale;

/**
 * Whether the database is H2 embedded in this process (a file H2 locks to one process, or memory): then this server
 * is its only writer, may look after its file, and backs it up with H2's own commands. Not H2's server modes
 * ({@code tcp:}, {@code ssl:}, {@code AUTO_SERVER}), where another process owns the file, nor any other database.
 */
public final class EmbeddedH2 {

	private EmbeddedH2() {}

	public static boolean isEmbedded(String jdbcUrl) {
		String url = jdbcUrl.toLowerCase(Locale.ROOT);
		return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")
				&& !url.replace(" ", "").contains(";auto_server=true");
	}
}
