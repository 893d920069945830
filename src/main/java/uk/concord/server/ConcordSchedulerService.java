package uk.concord.server;

import ca.uhn.fhir.jpa.model.sched.IHapiScheduler;
import ca.uhn.fhir.jpa.sched.AutowiringSpringBeanJobFactory;
import ca.uhn.fhir.jpa.sched.ClusteredHapiScheduler;
import ca.uhn.fhir.jpa.sched.HapiSchedulerServiceImpl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAPI's scheduler, with its clustered jobs ({@code ISchedulerService.scheduleClusteredJob}: HAPI's search clean-up,
 * Concord's full-text catch-up, review reminders...) run once per cluster when {@code concord.server.cluster} is on.
 * HAPI's own "clustered" scheduler is an in-memory Quartz, so every node would run every job; here it keeps its jobs
 * and triggers in Quartz's JDBC job store on the shared PostgreSQL database, where nodes take each firing in turn
 * (row locks in {@code qrtz_locks}) and a node's unfinished work is taken over when it stops checking in. Local jobs
 * stay per node, in memory.
 */
class ConcordSchedulerService extends HapiSchedulerServiceImpl {

	private static final Logger log = LoggerFactory.getLogger(ConcordSchedulerService.class);
	private static final String DATA_SOURCE_NAME = "concord";

	private final DataSource dataSource;
	private final boolean cluster;

	ConcordSchedulerService(DataSource dataSource, ServerProperties properties) {
		this.dataSource = dataSource;
		this.cluster = properties.cluster();
		setDefaultGroup("HAPI");
	}

	@Override
	protected IHapiScheduler getClusteredScheduler() {
		if (!cluster) {
			return super.getClusteredScheduler();
		}
		createQuartzTablesIfMissing();
		DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE_NAME, new Connections(dataSource));
		log.info("Clustered jobs run once per cluster (Quartz JDBC job store on the shared database)");
		return new JdbcClusteredScheduler(THREAD_NAME_PREFIX, mySchedulerJobFactory);
	}

	/** Quartz's PostgreSQL tables, from the script in Quartz's jar, created by the first node that starts. */
	private void createQuartzTablesIfMissing() {
		try (Connection connection = dataSource.getConnection()) {
			if (!OneNodeAtATime.isPostgres(connection)) {
				throw new IllegalStateException("concord.server.cluster needs the shared PostgreSQL database (profile postgres)");
			}
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot reach the database for clustered jobs", e);
		}
		new OneNodeAtATime(dataSource).run("Quartz's tables", () -> {
			try (Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					if (!hasTable(statement)) {
						for (String sql : quartzScript().split(";")) {
							String ddl = sql.replaceAll("(?m)^--.*$", "").strip();
							if (!ddl.isEmpty() && !ddl.toLowerCase(Locale.ROOT).startsWith("drop") && !ddl.equalsIgnoreCase("commit")) {
								statement.execute(ddl);
							}
						}
					}
				}
				connection.commit();
			} catch (SQLException | IOException e) {
				throw new IllegalStateException("Cannot create Quartz's tables for clustered jobs", e);
			}
		});
	}

	private static boolean hasTable(Statement statement) throws SQLException {
		var result = statement.executeQuery("select to_regclass('qrtz_locks') is not null");
		return result.next() && result.getBoolean(1);
	}

	private static String quartzScript() throws IOException {
		try (InputStream in = JobStoreTX.class.getResourceAsStream("tables_postgres.sql")) {
			if (in == null) {
				throw new IOException("tables_postgres.sql is not in Quartz's jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** HAPI's clustered scheduler on the JDBC job store; every node has the same scheduler name and its own id. */
	private static final class JdbcClusteredScheduler extends ClusteredHapiScheduler {

		JdbcClusteredScheduler(String threadNamePrefix, AutowiringSpringBeanJobFactory jobFactory) {
			super(threadNamePrefix, jobFactory);
		}

		@Override
		protected void setProperties() {
			super.setProperties();
			addProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID);
			addProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, JobStoreTX.class.getName());
			addProperty("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
			addProperty("org.quartz.jobStore.dataSource", DATA_SOURCE_NAME);
			addProperty("org.quartz.jobStore.isClustered", "true");
			addProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
		}
	}

	/** Quartz borrows connections from the server's own pool. */
	private record Connections(DataSource dataSource) implements ConnectionProvider {

		@Override
		public Connection getConnection() throws SQLException {
			return dataSource.getConnection();
		}

		@Override
		public void shutdown() {
			// the pool belongs to Spring
		}

		@Override
		public void initialize() {
			// nothing to set up
		}
	}
}
