package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
