package uk.concord.fulltext;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Full-text search over Lucene (or Elasticsearch in a cluster) comes from HAPI; Concord adds the text of plain-text
 * document attachments. Registered with HAPI's storage interceptors so every write is indexed the same way, whether
 * it came through the API, a transaction or the demo loader.
 */
@Configuration
public class FullTextConfig {

	@Bean
	SmartInitializingSingleton attachmentTextIndexing(IInterceptorService interceptors, FullTextProperties properties) {
		return () -> interceptors.registerInterceptor(
				new AttachmentTextIndexer(properties.attachmentTextMaxCharacters()));
	}
}
