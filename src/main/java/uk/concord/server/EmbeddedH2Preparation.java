package uk.concord.server;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

/**
 * Prepares an embedded H2 database before the connection pool opens it: Concord's settings on whatever URL is
 * configured ({@link EmbeddedH2}), and its file compacted if mostly dead ({@link H2FileCompaction}). Other databases
 * pass unchanged.
 */
final class EmbeddedH2Preparation implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String name) {
		if (bean instanceof DataSourceProperties database) {
			database.setUrl(EmbeddedH2.withConcordSettings(database.getUrl()));
			H2FileCompaction.compactIfMostlyDead(database.getUrl(), database.determineUsername(),
					database.determinePassword());
		}
		return bean;
	}
}
