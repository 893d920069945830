package uk.concord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import java.nio.file.Path;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import uk.concord.server.FhirServerCustomizer;
import uk.concord.server.ServerProperties;

/**
 * The audit trail: every read, search, write and operation on patient data becomes an AuditEvent in the shape of the
 * Basic Audit Log Patterns ({@link BalpCapture}); Concord adds who the caller is, break-glass reasons, refused
 * requests, and keeps the records out of reach of change.
 */
@Configuration
public class AuditConfig {

	/** Order among {@link FhirServerCustomizer}s: after security and profile enforcement. */
	public static final int ORDER = 400;

	@Bean
	AuditTrail auditTrail(
			DaoRegistry daos,
			IHapiTransactionService transactions,
			RequestActivity activity,
			AuditProperties properties,
			ServerProperties server,
			FhirContext fhir,
			IIdHelperService<?> ids) {
		return new AuditTrail(daos, transactions, activity, properties,
				new AuditJournal(Path.of(server.dataDir(), "audit")), new BatchReferences(ids, fhir));
	}

	/** A servlet filter (Spring Boot registers it for every path): the writer waits for pauses between requests. */
	@Bean
	RequestActivity requestActivity() {
		return new RequestActivity();
	}

	/** A storage rule, so it holds for every write of an audit record, whichever path stored it. */
	@Bean
	SmartInitializingSingleton auditRecordsNotFullTextIndexed(IInterceptorService storageInterceptors) {
		return () -> storageInterceptors.registerInterceptor(new AuditRecordsNotFullTextIndexed());
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer auditTrailCapture(AuditTrail trail, AuditProperties properties, FhirContext fhir) {
		return server -> {
			server.registerInterceptor(new AuditRecordsProtected(fhir));
			if (properties.enabled()) {
				AuditDetails details = new AuditDetails();
				server.registerInterceptor(new BalpCapture(trail, details));
				server.registerInterceptor(new OperationAudit(trail, details));
				server.registerInterceptor(new DeniedAccessAudit(trail, details));
			}
		};
	}
}
