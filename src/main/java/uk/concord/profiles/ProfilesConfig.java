package uk.concord.profiles;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.validation.ValidationSettings;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import java.util.Set;
import javax.sql.DataSource;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.concord.server.FhirServerCustomizer;
import uk.concord.server.OneNodeAtATime;

/** Concord's profiles: the package, its installation at start-up, and their enforcement on writes and $validate. */
@Configuration
public class ProfilesConfig {

	/** Order among {@link FhirServerCustomizer}s: after security, before audit. */
	public static final int ORDER = 300;

	@Bean
	public ConcordPackage concordPackage(ProfilesProperties properties, ResourceLoader resources, FhirContext fhir) {
		return new ConcordPackage(resources.getResource(properties.packagePath()), fhir);
	}

	@Bean
	PackageInstallation packageInstallation(
			ConcordPackage fhirPackage,
			IPackageInstallerSvc installer,
			IHapiPackageCacheManager packages,
			DaoRegistry daos,
			FhirContext fhir,
			Batch2JobRegisterer jobs,
			ISearchParamRegistry searchParams,
			OneNodeAtATime oneNodeAtATime,
			CompletedInstallations completed) {
		return new PackageInstallation(fhirPackage, installer, packages, daos, fhir, jobs, searchParams, oneNodeAtATime,
				completed);
	}

	@Bean
	CompletedInstallations completedInstallations(DataSource dataSource, PlatformTransactionManager transactions) {
		return new CompletedInstallations(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
	}

	/**
	 * Every use of HAPI's instance validator (writes, $validate) also checks the type's Concord profile, for the
	 * resource and for the entries of a bundle; a declared profile the server does not hold is a warning; the types
	 * references point to are checked.
	 */
	@Bean
	static BeanPostProcessor concordProfileValidation(
			ObjectProvider<ConcordPackage> fhirPackage, ObjectProvider<FhirContext> fhirContext) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof IInstanceValidatorModule validator && "myInstanceValidator".equals(name)) {
					if (validator instanceof FhirInstanceValidator instanceValidator) {
						// NHS systems declare UK Core profiles the server does not hold: a warning, while the
						// Concord profile for the type still applies.
						instanceValidator.setErrorForUnknownProfiles(false);
						instanceValidator.setValidatorPolicyAdvisor(
								new BundleEntryProfiles(instanceValidator.getValidatorPolicyAdvisor(), fhirPackage.getObject()));
						instanceValidator.setValidatorResourceFetcher(new ReferenceTargets(
								instanceValidator.getValidatorResourceFetcher(), fhirContext.getObject()));
					}
					return new ConcordProfileValidatorModule(validator, fhirPackage.getObject());
				}
				if (bean instanceof ValidationSettings settings) {
					// A reference's target type is checked against the profile (a GP must be an Organization), from
					// the stored target. Existence itself is the database's referential integrity check, which also
					// sees targets created later in the same transaction.
					settings.setLocalReferenceValidationDefaultPolicy(ReferenceValidationPolicy.CHECK_TYPE_IF_EXISTS);
				}
				return bean;
			}
		};
	}

	@Bean
	ValidatorWarmUp validatorWarmUp(
			ProfilesProperties properties,
			FhirContext fhir,
			ConcordPackage fhirPackage,
			ObjectProvider<IInstanceValidatorModule> validator) {
		// a thread of its own at the lowest priority, not one of HAPI's scheduler threads, which it may hold for minutes
		SimpleAsyncTaskExecutor background = new SimpleAsyncTaskExecutor("concord-validator-warm-up-");
		background.setDaemon(true);
		background.setThreadPriority(Thread.MIN_PRIORITY);
		return new ValidatorWarmUp(fhir, validator.getObject(),
				properties.enforce() ? fhirPackage.profileByResourceType().keySet() : Set.of(), background);
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer profileEnforcement(
			ProfilesProperties properties,
			FhirContext fhir,
			ConcordPackage fhirPackage,
			ObjectProvider<IInstanceValidatorModule> validator) {
		return server -> {
			server.registerInterceptor(new ConcordDefinitionsProtected());
			server.registerInterceptor(new ValidationRulesFromTheRelease());
			server.registerInterceptor(new BuiltInSearchParametersKept(fhir));
			if (properties.enforce()) {
				server.registerInterceptor(new ProfileEnforcingInterceptor(
						fhir, validator.getObject(), fhirPackage,
						new AllowedCodes(fhirPackage.codeSystems())));
				server.registerInterceptor(
						new EnforcedProfilesInCapabilityStatement(fhirPackage.profileByResourceType()));
			}
		};
	}
}
