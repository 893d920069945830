package uk.concord.profiles;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.jpa.packages.util.PackageUtils;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import uk.concord.server.OneNodeAtATime;

/**
 * Installs Concord's package into the server before it takes requests: profiles, terminology and search parameters
 * are stored as FHIR resources (create or update), so what is published is exactly what is enforced and searched.
 * <p>
 * HAPI keeps a copy of each installed package (name and version) and, given a package whose name and version it
 * already holds, installs its own copy and ignores the bytes given, after storing them as a new Binary nobody
 * refers to. A new build keeps the package's version, so on an existing database HAPI would go on installing the
 * rules of whichever build first ran there, and every restart would leave one more copy of the package behind. So
 * the copy is compared first: the same bytes are installed from HAPI's copy without handing them over again; other
 * bytes replace the copy (removed, then stored anew) before they are installed, and the definitions the replaced
 * package had and this one has not are deleted. A start killed in between finds no copy and stores one (what the
 * replaced package alone had then stays). Once an installation has finished, the database records which bytes it
 * installed ({@link CompletedInstallations}), and a start of the same build installs nothing (a start killed part-way
 * has no record, so the next one installs again). Nodes sharing a database install one after another.
 */
class PackageInstallation implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(PackageInstallation.class);

	private final ConcordPackage fhirPackage;
	private final IPackageInstallerSvc installer;
	private final IHapiPackageCacheManager packages;
	private final DaoRegistry daos;
	private final FhirContext fhir;
	private final Batch2JobRegisterer jobs;
	private final ISearchParamRegistry searchParams;
	private final OneNodeAtATime oneNodeAtATime;
	private final CompletedInstallations completed;

	PackageInstallation(
			ConcordPackage fhirPackage,
			IPackageInstallerSvc installer,
			IHapiPackageCacheManager packages,
			DaoRegistry daos,
			FhirContext fhir,
			Batch2JobRegisterer jobs,
			ISearchParamRegistry searchParams,
			OneNodeAtATime oneNodeAtATime,
			CompletedInstallations completed) {
		this.fhirPackage = fhirPackage;
		this.installer = installer;
		this.packages = packages;
		this.daos = daos;
		this.fhir = fhir;
		this.jobs = jobs;
		this.searchParams = searchParams;
		this.oneNodeAtATime = oneNodeAtATime;
		this.completed = completed;
	}

	@Override
	public void afterSingletonsInstantiated() {
		installUnlessDone();
	}

	/** Installs the package unless these bytes of it were installed whole before; says whether it installed. */
	boolean installUnlessDone() {
		// A new or changed SearchParameter starts a reindex job, whose definition must be registered first.
		jobs.start();
		AtomicBoolean installed = new AtomicBoolean();
		// nodes starting a new build at once would each replace HAPI's copy, and all but one fail their start
		oneNodeAtATime.run("FHIR package installation", () -> installed.set(install()));
		return installed.get();
	}

	private boolean install() {
		completed.createTableIfMissing();
		// the record is forgotten before HAPI's copy is replaced, so while it stands the copy is these bytes too
		if (completed.lastCompletedWas(fhirPackage.name(), fhirPackage.bytes())) {
			searchParams.forceRefresh();
			log.info("FHIR package {}#{} already installed whole from these bytes: not installed again",
					fhirPackage.name(), fhirPackage.version());
			return false;
		}
		IHapiPackageCacheManager.PackageContents held =
				packages.loadPackageContents(fhirPackage.name(), fhirPackage.version());
		boolean heldIsThisBuilds = held != null && Arrays.equals(held.getBytes(), fhirPackage.bytes());
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(fhirPackage.name())
				.setVersion(fhirPackage.version())
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
		byte[] replaced = null;
		if (!heldIsThisBuilds) {
			if (held != null) {
				log.info("FHIR package {}#{} held from another build: replaced", fhirPackage.name(),
						fhirPackage.version());
				replaced = held.getBytes();
				completed.forget(fhirPackage.name());
				packages.uninstallPackage(fhirPackage.name(), fhirPackage.version());
			}
			spec.setPackageContents(fhirPackage.bytes());
		}
		PackageInstallOutcomeJson outcome = installer.install(spec);
		if (replaced != null) {
			deleteDropped(types, replaced);
		}
		completed.completed(fhirPackage.name(), fhirPackage.bytes());
		searchParams.forceRefresh();
		log.info("Installed FHIR package {}#{}: {}", fhirPackage.name(), fhirPackage.version(),
				outcome.getResourcesInstalled());
		return true;
	}

	/** Deletes the stored definitions the replaced package had and this one has not. */
	private void deleteDropped(List<String> types, byte[] replaced) {
		Map<String, Set<String>> before;
		try {
			before = ConcordPackage.canonicalUrls(replaced, types, fhir);
		} catch (RuntimeException unreadable) {
			// this build's package is installed; only what the older one alone had may be left behind
			log.warn("The replaced FHIR package could not be read; definitions it alone had are left", unreadable);
			return;
		}
		Map<String, Set<String>> now = fhirPackage.canonicalUrls(types, fhir);
		before.forEach((type, urls) -> {
			if (!daos.isResourceTypeSupported(type)) {
				return;
			}
			IFhirResourceDao<?> dao = daos.getResourceDao(type);
			for (String url : urls) {
				if (now.get(type).contains(url)) {
					continue;
				}
				SearchParameterMap byUrl = SearchParameterMap.newSynchronous("url", new UriParam(url));
				for (IBaseResource stored : dao.search(byUrl, new SystemRequestDetails()).getAllResources()) {
					dao.delete(stored.getIdElement().toUnqualifiedVersionless(), new SystemRequestDetails());
					log.info("Deleted {} {}: the package no longer has it", type, url);
				}
			}
		});
	}
}
