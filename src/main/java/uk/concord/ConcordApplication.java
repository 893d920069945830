package uk.concord;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import uk.concord.backup.BackupCommand;

/**
 * Concord: a FHIR R4 server for the coordinated care of people with rare conditions.
 * The Elasticsearch client comes with Hibernate Search; Spring must not wire it on its own.
 * {@code backup FILE} and {@code restore FILE} as first argument run {@link BackupCommand} instead of the server.
 */
@SpringBootApplication(exclude = ElasticsearchRestClientAutoConfiguration.class)
@ConfigurationPropertiesScan
public class ConcordApplication {

	public static void main(String[] args) {
		if (BackupCommand.handles(args)) {
			System.exit(BackupCommand.run(args));
		}
		SpringApplication.run(ConcordApplication.class, args);
	}
}
