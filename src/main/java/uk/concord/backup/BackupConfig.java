package uk.concord.backup;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.concord.server.ServerProperties;

/**
 * Online backups of the embedded database ({@link BackupCommand}); PostgreSQL is backed up with its own tools
 * ({@code pg_dump}, README).
 */
@Configuration
public class BackupConfig {

	@Bean
	@ConditionalOnExpression("T(uk.concord.server.EmbeddedH2).isEmbedded('${spring.datasource.url:}')")
	AdminSocket adminSocket(ServerProperties server, DataSource dataSource) {
		return new AdminSocket(Path.of(server.dataDir()), new JdbcTemplate(dataSource));
	}
}
