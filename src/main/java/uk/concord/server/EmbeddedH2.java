package uk.concord.server;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the database is H2 embedded in this process (a file H2 locks to one process, or memory): then this server
 * is its only writer, may look after its file, and backs it up with H2's own commands. Not H2's server modes
 * ({@code tcp:}, {@code ssl:}, {@code AUTO_SERVER}), where another process owns the file, nor any other database.
 * Also the settings Concord opens such a database with, whatever URL it is given.
 */
public final class EmbeddedH2 {

	/**
	 * Added to an embedded H2 URL that does not name them. {@code WRITE_DELAY=0}: each commit is in the file before it
	 * returns (H2's default of 500 ms lost acknowledged writes to a killed process); {@code MAX_LENGTH_INPLACE_LOB}:
	 * HAPI stores each resource's JSON as a CLOB, which H2 keeps in its row only up to this length (default 256
	 * bytes) and otherwise hands out by copying it into its LOB store for 5 minutes; {@code DB_CLOSE_ON_EXIT=FALSE}:
	 * Spring closes the database after the server has stopped writing, not H2's own shutdown hook before.
	 */
	private static final Map<String, String> CONCORD_SETTINGS = Map.of(
			"DB_CLOSE_ON_EXIT", "FALSE", "WRITE_DELAY", "0", "MAX_LENGTH_INPLACE_LOB", "16384");
	private static final String REQUIRED = "WRITE_DELAY";

	private EmbeddedH2() {}

	public static boolean isEmbedded(String jdbcUrl) {
		String url = jdbcUrl.toLowerCase(Locale.ROOT);
		return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")
				&& !url.replace(" ", "").contains(";auto_server=true");
	}

	/**
	 * The URL with Concord's settings added where it does not name them (an operator's own
	 * {@code spring.datasource.url} keeps crash safety); other databases' URLs unchanged.
	 *
	 * @throws IllegalArgumentException when it asks for a write delay: acknowledged writes could be lost
	 */
	public static String withConcordSettings(String jdbcUrl) {
		if (jdbcUrl == null || !isEmbedded(jdbcUrl)) {
			return jdbcUrl;
		}
		Map<String, String> named = new LinkedHashMap<>();
		Arrays.stream(jdbcUrl.split(";")).skip(1).map(setting -> setting.split("=", 2)).filter(kv -> kv.length == 2)
				.forEach(kv -> named.put(kv[0].trim().toUpperCase(Locale.ROOT), kv[1].trim()));
		String delay = named.get(REQUIRED);
		if (delay != null && !delay.equals(CONCORD_SETTINGS.get(REQUIRED))) {
			throw new IllegalArgumentException("spring.datasource.url sets " + REQUIRED + "=" + delay + "; Concord needs "
					+ REQUIRED + "=0 on an embedded H2 database, or writes it has acknowledged could be lost in a crash."
					+ " Leave the setting out (Concord adds it) or set it to 0");
		}
		StringBuilder url = new StringBuilder(jdbcUrl.endsWith(";") ? jdbcUrl.substring(0, jdbcUrl.length() - 1) : jdbcUrl);
		CONCORD_SETTINGS.keySet().stream().sorted().filter(key -> !named.containsKey(key))
				.forEach(key -> url.append(';').append(key).append('=').append(CONCORD_SETTINGS.get(key)));
		return url.toString();
	}
}
