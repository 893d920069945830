package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hibernate's schema update on a real H2 file, started as the server starts it, once per mapping. */
class SchemaUpdateOnMappingChangeTest {

	@TempDir
	Path folder;

	@Test
	void aRestartWithTheSameMappingLeavesTheSchemaAsItIs() throws SQLException {
		start(Note.class);
		execute("drop index IDX_NOTE_TEXT");

		start(Note.class);

		// Hibernate's update would have made the index again: it did not run.
		assertThat(indexExists("IDX_NOTE_TEXT")).isFalse();
		assertThat(tableExists("NOTE")).isTrue();
	}

	@Test
	void aChangedMappingIsAppliedWholeAtTheNextStart() throws SQLException {
		start(Note.class);
		execute("drop index IDX_NOTE_TEXT");

		start(Note.class, Label.class);

		assertThat(tableExists("LABEL")).isTrue();
		assertThat(indexExists("IDX_NOTE_TEXT")).as("the whole schema compared again, not only what is new").isTrue();
	}

	@Test
	void anUpdateThatReportedAnErrorRunsAgainAtTheNextStart() throws SQLException {
		start(Note.class);
		// A table of the new mapping's name, holding a row: Hibernate cannot add its required column to it
		execute("create table LABEL (ID bigint primary key)");
		execute("insert into LABEL values (1)");

		start(Note.class, Label.class);
		assertThat(columnExists("LABEL", "WORDING")).isFalse();
		execute("drop table LABEL");
		start(Note.class, Label.class);

		assertThat(tableExists("LABEL")).isTrue();
		assertThat(columnExists("LABEL", "WORDING")).isTrue();
	}

	@Test
	void aDatabaseWhoseRecordWasDeletedIsComparedAgain() throws SQLException {
		start(Note.class);
		execute("drop index IDX_NOTE_TEXT");
		execute("delete from " + SchemaUpdateOnMappingChange.TABLE);

		start(Note.class);

		assertThat(indexExists("IDX_NOTE_TEXT")).isTrue();
	}

	private void start(Class<?>... entities) {
		StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
				.applySetting(AvailableSettings.JAKARTA_JDBC_URL, url())
				.applySetting(AvailableSettings.JAKARTA_JDBC_USER, "sa")
				.applySetting(AvailableSettings.JAKARTA_JDBC_PASSWORD, "")
				.applySetting(AvailableSettings.HBM2DDL_AUTO, "update")
				.applySetting(AvailableSettings.SCHEMA_MANAGEMENT_TOOL, new SchemaUpdateOnMappingChange(dataSource()))
				.applySetting("hibernate.search.enabled", "false")
				.build();
		MetadataSources sources = new MetadataSources(registry);
		for (Class<?> entity : entities) {
			sources.addAnnotatedClass(entity);
		}
		try (SessionFactory ignored = sources.buildMetadata().buildSessionFactory()) {
			// started and stopped, as a server restart does
		} finally {
			StandardServiceRegistryBuilder.destroy(registry);
		}
	}

	private DataSource dataSource() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL(url());
		dataSource.setUser("sa");
		return dataSource;
	}

	private String url() {
		return "jdbc:h2:file:" + folder.resolve("schema") + ";DB_CLOSE_DELAY=0";
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url(), "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private boolean tableExists(String table) throws SQLException {
		return exists("select 1 from INFORMATION_SCHEMA.TABLES where TABLE_NAME = '" + table
				+ "' and TABLE_TYPE = 'BASE TABLE'");
	}

	private boolean columnExists(String table, String column) throws SQLException {
		return exists("select 1 from INFORMATION_SCHEMA.COLUMNS where TABLE_NAME = '" + table
				+ "' and COLUMN_NAME = '" + column + "'");
	}

	private boolean indexExists(String index) throws SQLException {
		return exists("select 1 from INFORMATION_SCHEMA.INDEXES where INDEX_NAME = '" + index + "'");
	}

	private boolean exists(String query) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url(), "sa", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(query)) {
			return rows.next();
		}
	}

	@Entity(name = "Note")
	@Table(name = "NOTE", indexes = @Index(name = "IDX_NOTE_TEXT", columnList = "TEXT"))
	static class Note {
		@Id
		Long id;

		String text;
	}

	@Entity(name = "Label")
	@Table(name = "LABEL")
	static class Label {
		@Id
		Long id;

		@Column(nullable = false)
		String wording;
	}
}
