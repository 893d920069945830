package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EmbeddedH2Test {

	@Test
	void onlyAnH2DatabaseInThisProcessIsEmbedded() {
		assertThat(EmbeddedH2.isEmbedded("jdbc:h2:file:/data/h2/concord;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0")).isTrue();
		assertThat(EmbeddedH2.isEmbedded("jdbc:h2:mem:test")).isTrue();
		assertThat(EmbeddedH2.isEmbedded("jdbc:h2:file:/data/h2/concord;AUTO_SERVER=TRUE")).isFalse();
		assertThat(EmbeddedH2.isEmbedded("jdbc:h2:file:/data/h2/concord; auto_server = true")).isFalse();
		assertThat(EmbeddedH2.isEmbedded("jdbc:h2:tcp://db:9092/concord")).isFalse();
		assertThat(EmbeddedH2.isEmbedded("jdbc:h2:ssl://db:9092/concord")).isFalse();
		assertThat(EmbeddedH2.isEmbedded("jdbc:postgresql://127.0.0.1:5432/test")).isFalse();
		assertThat(EmbeddedH2.isEmbedded("")).isFalse();
	}

	@Test
	void anEmbeddedUrlWithoutConcordsSettingsGetsThem() {
		assertThat(EmbeddedH2.withConcordSettings("jdbc:h2:file:/var/concord/db"))
				.isEqualTo("jdbc:h2:file:/var/concord/db;DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=16384;WRITE_DELAY=0");
		assertThat(EmbeddedH2.withConcordSettings("jdbc:h2:mem:test;"))
				.isEqualTo("jdbc:h2:mem:test;DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=16384;WRITE_DELAY=0");
	}

	@Test
	void settingsTheUrlNamesAreKeptAndNotRepeated() {
		assertThat(EmbeddedH2.withConcordSettings("jdbc:h2:file:/var/concord/db;max_length_inplace_lob=4096;Write_Delay=0"))
				.isEqualTo("jdbc:h2:file:/var/concord/db;max_length_inplace_lob=4096;Write_Delay=0;DB_CLOSE_ON_EXIT=FALSE");
	}

	@Test
	void aWriteDelayIsRefusedBecauseAcknowledgedWritesCouldBeLost() {
		assertThatThrownBy(() -> EmbeddedH2.withConcordSettings("jdbc:h2:file:/var/concord/db;WRITE_DELAY=500"))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("WRITE_DELAY=500")
				.hasMessageContaining("acknowledged could be lost");
	}

	@Test
	void otherDatabasesUrlsAreLeftAsTheyAre() {
		for (String url : List.of("jdbc:h2:tcp://db:9092/concord", "jdbc:h2:file:/data/db;AUTO_SERVER=TRUE",
				"jdbc:postgresql://127.0.0.1:5432/test?sslmode=require")) {
			assertThat(EmbeddedH2.withConcordSettings(url)).isEqualTo(url);
		}
	}

	@Test
	void anOperatorsOwnEmbeddedUrlOpensTheDatabaseWithConcordsSettings(@TempDir Path folder) {
		// the settings H2 reports for the open database, through Spring Boot's own DataSource and Concord's bean
		new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
				.withBean("embeddedH2Settings", BeanPostProcessor.class, ServerConfig::embeddedH2Settings)
				.withPropertyValues("spring.datasource.url=jdbc:h2:file:" + folder.resolve("elsewhere"))
				.run(context -> {
					assertThat(H2Settings.reported(context.getBean(DataSource.class), "WRITE_DELAY")).isNotEmpty().containsOnly("0");
					assertThat(H2Settings.reported(context.getBean(DataSource.class), "MAX_LENGTH_INPLACE_LOB")).containsOnly("16384");
				});
	}
}
