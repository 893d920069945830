package uk.concord;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Concord: a FHIR R4 server for the coordinated care of people with rare conditions.
 * The Elasticsearch client comes with Hibernate Search; Spring must not wire it on its own.
 */
@SpringBootApplication(exclude = ElasticsearchRestClientAutoConfiguration.class)
@ConfigurationPropertiesScan
public class ConcordApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConcordApplication.class, args);
	}
}
