package uk.concord.fulltext;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.data.IResourceTableDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.search.reindex.ResourceReindexer;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import uk.concord.server.StoredResources;

/**
 * Full-text search over Lucene (or Elasticsearch/OpenSearch in a cluster) comes from HAPI; Concord adds the text of
 * plain-text document attachments, and an outbox that makes the index catch up with writes a crash kept from it.
 * Registered with HAPI's storage interceptors so every write is indexed the same way, whether it came through the
 * API, a transaction or the demo loader.
 */
@Configuration
public class FullTextConfig {

	@Bean
	SmartInitializingSingleton attachmentTextIndexing(IInterceptorService interceptors, FullTextProperties properties) {
		return () -> interceptors.registerInterceptor(
				new AttachmentTextIndexer(properties.attachmentTextMaxCharacters()));
	}

	@Bean
	FullTextJournal fullTextJournal(DataSource dataSource) {
		return new FullTextJournal(new JdbcTemplate(dataSource));
	}

	/** The table exists before the journal records the first write into it. */
	@Bean
	SmartInitializingSingleton fullTextJournalRecording(IInterceptorService interceptors, FullTextJournal journal) {
		return () -> {
			journal.createTableIfMissing();
			interceptors.registerInterceptor(journal);
		};
	}

	@Bean
	FullTextCatchUp fullTextCatchUp(
			FullTextJournal journal,
			IHapiTransactionService transactions,
			IResourceTableDao resources,
			DaoRegistry daos,
			ResourceReindexer reindexer,
			IFulltextSearchSvc fullText,
			EntityManagerFactory entityManagerFactory,
			FullTextProperties properties,
			StoredResources stored) {
		return new FullTextCatchUp(journal, transactions, resources, daos.getSystemDao(), reindexer, fullText,
				SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory), properties.catchUpInterval(),
				properties.retryUnindexableAfter(), stored);
	}
}
