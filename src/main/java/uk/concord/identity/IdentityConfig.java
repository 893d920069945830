package uk.concord.identity;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.dao.data.IResourceLinkDao;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import uk.concord.security.Caller;
import uk.concord.security.PatientAccess;
import uk.concord.server.FhirServerCustomizer;

/**
 * One Patient per NHS Number: the unique index, the refusal of a second record (409), a clear message for an NHS
 * Number sent under the wrong system (422), {@code Patient/$merge} for two records of one person, and the
 * report at start-up of duplicates stored before.
 */
@Configuration
public class IdentityConfig {

	/** Order among {@link FhirServerCustomizer}s for the NHS Number system check: before profile enforcement. */
	public static final int SYSTEM_CHECK_ORDER = 260;

	/**
	 * Order for the duplicate refusal and {@code $merge}: after profile enforcement, so that a record that breaks its
	 * profile is told so (422) before it is compared with others; before audit.
	 */
	public static final int DUPLICATE_ORDER = 350;

	@Bean
	DuplicateNhsNumbers duplicateNhsNumbers(DataSource dataSource) {
		return new DuplicateNhsNumbers(new JdbcTemplate(dataSource));
	}

	@Bean
	NhsNumberIndex nhsNumberIndex(DaoRegistry daos, ISearchParamRegistry searchParams, DuplicateNhsNumbers duplicates) {
		return new NhsNumberIndex(daos, searchParams, duplicates);
	}

	@Bean
	@Order(SYSTEM_CHECK_ORDER)
	FhirServerCustomizer nhsNumberSystemCheck() {
		return server -> server.registerInterceptor(new NhsNumberSystemCheck());
	}

	@Bean
	@Order(DUPLICATE_ORDER)
	FhirServerCustomizer onePatientPerNhsNumber(
			DaoRegistry daos,
			ObjectProvider<PatientAccess> access,
			FhirContext fhir,
			IResourceLinkDao links,
			PlatformTransactionManager transactions) {
		return server -> {
			server.registerInterceptor(new NhsNumberConflicts(daos.getResourceDao(Patient.class),
					(request, id) -> access.getObject().mayRead(Caller.of(request), id)));
			server.registerProvider(new PatientMergeProvider(new PatientMerge(fhir, daos, links, transactions)));
		};
	}
}
