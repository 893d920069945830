package uk.concord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.PlatformTransactionManager;
import uk.concord.server.FhirServerCustomizer;
import uk.concord.server.HapiBeanReplacement;
import uk.concord.server.ServerProperties;

/**
 * The audit trail: every read, search, write and operation on patient data becomes an AuditEvent in the shape of the
 * Basic Audit Log Patterns ({@link BalpCapture}); Concord adds who the caller is, break-glass reasons, refused
 * requests, and keeps the records out of reach of change, in a store of their own ({@link AuditStore}) that HAPI's
 * AuditEvent DAO reads ({@link AuditEventDao}).
 */
@Configuration
public class AuditConfig {

	/** Order among {@link FhirServerCustomizer}s: after security and profile enforcement. */
	public static final int ORDER = 400;

	/** HAPI's AuditEvent DAO reads the audit store. */
	@Bean
	static HapiBeanReplacement auditEventDao() {
		return HapiBeanReplacement.of(Map.of("myAuditEventDaoR4", AuditEventDao.class));
	}

	@Bean
	AuditStore auditStore(DataSource dataSource, PlatformTransactionManager transactions) {
		AuditStore store = new AuditStore(dataSource, transactions);
		store.createIfAbsent();
		return store;
	}

	@Bean
	AuditIndexValues auditIndexValues(ISearchParamExtractor extractor) {
		return new AuditIndexValues(extractor);
	}

	@Bean
	AuditTrail auditTrail(AuditStore store, AuditIndexValues index, RequestActivity activity,
			AuditProperties properties, ServerProperties server) {
		return new AuditTrail(store, index, activity, properties, new AuditJournal(Path.of(server.dataDir(), "audit")));
	}

	/** Before the web server starts: records HAPI stored before the audit store existed are found from the start. */
	@Bean
	SmartInitializingSingleton hapiStoredAuditRecords(AuditStore store, AuditIndexValues index, FhirContext fhir,
			DaoRegistry daos) {
		return () -> new HapiStoredAuditRecords((AuditEventDao) daos.getResourceDao(AuditEventDao.TYPE), store, index, fhir)
				.carryOver();
	}

	/** A servlet filter (Spring Boot registers it for every path): the writer waits for pauses between requests. */
	@Bean
	RequestActivity requestActivity() {
		return new RequestActivity();
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer auditTrailCapture(AuditTrail trail, AuditProperties properties, FhirContext fhir) {
		return server -> {
			server.registerInterceptor(new AuditRecordsProtected(fhir));
			server.registerInterceptor(new AuditRecordsInCapabilityStatement());
			if (properties.enabled()) {
				AuditDetails details = new AuditDetails();
				server.registerInterceptor(new BalpCapture(trail, details));
				server.registerInterceptor(new OperationAudit(trail, details));
				server.registerInterceptor(new DeniedAccessAudit(trail, details));
			}
		};
	}
}
