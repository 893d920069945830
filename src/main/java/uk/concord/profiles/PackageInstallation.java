package uk.concord.profiles;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.jpa.packages.util.PackageUtils;
import java.util.ArrayList;
import java.util.List;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Installs Concord's package into the server before it takes requests: profiles, terminology and search parameters
 * are stored as FHIR resources (create or update), so what is published is exactly what is enforced and searched.
 */
class PackageInstallation implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(PackageInstallation.class);

	private final ConcordPackage fhirPackage;
	private final IPackageInstallerSvc installer;
	private final Batch2JobRegisterer jobs;
	private final ISearchParamRegistry searchParams;

	PackageInstallation(
			ConcordPackage fhirPackage,
			IPackageInstallerSvc installer,
			Batch2JobRegisterer jobs,
			ISearchParamRegistry searchParams) {
		this.fhirPackage = fhirPackage;
		this.installer = installer;
		this.jobs = jobs;
		this.searchParams = searchParams;
	}

	@Override
	public void afterSingletonsInstantiated() {
		// A new or changed SearchParameter starts a reindex job, whose definition must be registered first.
		jobs.start();
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(fhirPackage.name())
				.setVersion(fhirPackage.version())
				.setPackageContents(fhirPackage.bytes())
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
				// hl7.fhir.r4.core is built into HAPI; nothing may be downloaded.
				.setFetchDependencies(false);
		// HAPI's usual conformance types, and the Measure that $coordination-gaps reports name
		List<String> types = new ArrayList<>(PackageUtils.DEFAULT_INSTALL_TYPES);
		types.add("Measure");
		spec.setInstallResourceTypes(types);
		// A new build may change the rules without changing the package version: install its resources again
		// (unchanged ones are left as they are).
		spec.setReloadExisting(true);
		PackageInstallOutcomeJson outcome = installer.install(spec);
		searchParams.forceRefresh();
		log.info("Installed FHIR package {}#{}: {}", fhirPackage.name(), fhirPackage.version(),
				outcome.getResourcesInstalled());
	}
}
