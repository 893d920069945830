package uk.concord.server;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.commons.codec.digest.DigestUtils;
import org.hibernate.boot.Metadata;
import org.hibernate.tool.schema.internal.HibernateSchemaManagementTool;
import org.hibernate.tool.schema.internal.SchemaCreatorImpl;
import org.hibernate.tool.schema.spi.ExceptionHandler;
import org.hibernate.tool.schema.spi.ExecutionOptions;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator;
import org.hibernate.tool.schema.spi.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hibernate's schema update ({@code hbm2ddl.auto: update}), run only when the mapping differs from the one the
 * database was last updated to. The update compares every table, column and index with the database's metadata, and
 * H2 sizes each index by reading its pages to answer: 5.4 % of a restart on 20,000 patients, growing with the data
 * (bench/RESULTS.md runs 51 and 54). The mapping's fingerprint is the SHA-256 of the DDL that would create it; it is
 * recorded in the database (nodes of a cluster share it) only after an update that reported no error, so an update
 * that failed part-way runs again at the next start. An operator who changed HAPI's tables by hand deletes the row to
 * have the next start compare them again.
 */
final class SchemaUpdateOnMappingChange extends HibernateSchemaManagementTool {

	static final String TABLE = "concord_schema_mapping";

	private static final Logger log = LoggerFactory.getLogger(SchemaUpdateOnMappingChange.class);

	private final OneNodeAtATime oneNodeAtATime;
	private final JdbcTemplate jdbc;

	SchemaUpdateOnMappingChange(DataSource dataSource) {
		this.oneNodeAtATime = new OneNodeAtATime(dataSource);
		this.jdbc = new JdbcTemplate(dataSource);
	}

	@Override
	public SchemaMigrator getSchemaMigrator(Map<String, Object> settings) {
		SchemaMigrator update = super.getSchemaMigrator(settings);
		// Nodes starting together take turns: the second finds the first's record (and its tables) and skips
		return (metadata, options, inclusion, target) -> oneNodeAtATime.run("Hibernate's schema update", () -> {
			long started = System.nanoTime();
			String mapping = fingerprint(metadata, options);
			Optional<String> recorded = recorded();
			if (recorded.filter(mapping::equals).isPresent()) {
				log.info("Database schema already updated to this mapping ({}): Hibernate's schema update skipped, {} ms",
						mapping.substring(0, 12), millisSince(started));
				return;
			}
			AtomicInteger errors = new AtomicInteger();
			update.doMigration(metadata, counting(options, errors), inclusion, target);
			if (errors.get() == 0) {
				record(mapping);
				log.info("Hibernate's schema update ran for mapping {} (the database had {}), {} ms",
						mapping.substring(0, 12), recorded.map(was -> was.substring(0, 12)).orElse("none recorded"),
						millisSince(started));
			} else {
				log.warn("Hibernate's schema update reported {} errors (above) for mapping {}: it runs again at the next start",
						errors.get(), mapping.substring(0, 12));
			}
		});
	}

	/** The DDL a creation of the whole mapping would issue, sorted (the order says nothing of the schema). */
	private String fingerprint(Metadata metadata, ExecutionOptions options) {
		List<String> ddl = new SchemaCreatorImpl(getServiceRegistry())
				.generateCreationCommands(metadata, options.shouldManageNamespaces());
		return DigestUtils.sha256Hex(String.join("\n", ddl.stream().sorted().toList()).getBytes(StandardCharsets.UTF_8));
	}

	private Optional<String> recorded() {
		jdbc.execute("create table if not exists " + TABLE
				+ " (mapping_sha256 varchar(64) not null, updated_at timestamp not null)");
		return jdbc.queryForList("select mapping_sha256 from " + TABLE, String.class).stream().findFirst();
	}

	/** No transaction needed: should the insert not happen, no record stands and the next start updates. */
	private void record(String mapping) {
		jdbc.update("delete from " + TABLE);
		jdbc.update("insert into " + TABLE + " (mapping_sha256, updated_at) values (?, ?)", mapping,
				Timestamp.from(Instant.now()));
	}

	/** The options as given, with every error the update reports counted as well as handled as configured. */
	private static ExecutionOptions counting(ExecutionOptions options, AtomicInteger errors) {
		ExceptionHandler handler = failure -> {
			errors.incrementAndGet();
			options.getExceptionHandler().handleException(failure);
		};
		// built as Hibernate's coordinator built the options given (namespaces from the same settings)
		return SchemaManagementToolCoordinator.buildExecutionOptions(options.getConfigurationValues(), handler);
	}

	private static long millisSince(long started) {
		return Duration.ofNanos(System.nanoTime() - started).toMillis();
	}
}
