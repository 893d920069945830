package uk.concord.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The settings an open H2 database reports, for tests of what it was opened with. */
final class H2Settings {

	private H2Settings() {}

	/** Every value H2 lists for the setting ({@code WRITE_DELAY} may be listed more than once). */
	static List<String> reported(DataSource database, String name) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection connection = database.getConnection();
				PreparedStatement query = connection.prepareStatement(
						"SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
			query.setString(1, name);
			try (ResultSet setting = query.executeQuery()) {
				while (setting.next()) {
					values.add(setting.getString(1));
				}
			}
		}
		return values;
	}
}
