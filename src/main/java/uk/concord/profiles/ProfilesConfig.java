package uk.concord.profiles;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import uk.concord.server.FhirServerCustomizer;

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
			Batch2JobRegisterer jobs,
			ISearchParamRegistry searchParams) {
		return new PackageInstallation(fhirPackage, installer, jobs, searchParams);
	}

	/** Every use of HAPI's instance validator (writes, $validate) also checks the type's Concord profile. */
	@Bean
	static BeanPostProcessor concordProfileValidation(ObjectProvider<ConcordPackage> fhirPackage) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof IInstanceValidatorModule validator && "myInstanceValidator".equals(name)) {
					return new ConcordProfileValidatorModule(
							validator, fhirPackage.getObject().profileByResourceType());
				}
				return bean;
			}
		};
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer profileEnforcement(
			ProfilesProperties properties,
			FhirContext fhir,
			ConcordPackage fhirPackage,
			ObjectProvider<IInstanceValidatorModule> validator) {
		return server -> {
			if (properties.enforce()) {
				server.registerInterceptor(new ProfileEnforcingInterceptor(
						fhir, validator.getObject(), fhirPackage.profileByResourceType().keySet()));
				server.registerInterceptor(
						new EnforcedProfilesInCapabilityStatement(fhirPackage.profileByResourceType()));
			}
		};
	}
}
