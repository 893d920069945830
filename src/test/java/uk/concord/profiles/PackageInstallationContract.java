package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;

/**
 * The package is installed at every start-up. HAPI keeps a copy of each package name and version it installed; a new
 * build of Concord keeps the version, so what is installed must be the package this build carries, and a start of the
 * same build must not store the package once more. Subclasses choose the database.
 */
abstract class PackageInstallationContract {

	static final String PATIENT_PROFILE = "https://fhir.concord.org.uk/StructureDefinition/RareDiseasePatient";
	static final String PATIENT_PROFILE_FILE = "package/StructureDefinition-RareDiseasePatient.json";

	@Autowired
	ConcordPackage built;

	@Autowired
	FhirContext fhir;

	@Autowired
	IPackageInstallerSvc installer;

	@Autowired
	IHapiPackageCacheManager packages;

	@Autowired
	Batch2JobRegisterer jobs;

	@Autowired
	ISearchParamRegistry searchParams;

	@Autowired
	DaoRegistry daos;

	@AfterEach
	void thisBuildsPackageIsInstalledAgain() {
		install(built);
		assertThat(storedPatientProfile().getDescription()).doesNotContain("another build");
	}

	@Test
	void aStartOfTheSameBuildStoresNoFurtherCopyOfThePackage() {
		install(built);
		int binaries = binaryCount();

		install(built);
		install(built);

		assertThat(binaryCount()).as("Binary resources after two more starts").isEqualTo(binaries);
		assertThat(packages.loadPackageContents(built.name(), built.version()).getBytes()).isEqualTo(built.bytes());
	}

	@Test
	void anotherBuildOfTheSameVersionHasItsOwnDefinitionsInstalled() throws IOException {
		install(built);
		ConcordPackage other = new ConcordPackage(new ByteArrayResource(
				withPatientProfileDescription(built.bytes(), "Changed by another build")), fhir);
		assertThat(other.version()).isEqualTo(built.version());
		int binaries = binaryCount();

		install(other);

		assertThat(storedPatientProfile().getDescription()).isEqualTo("Changed by another build");
		assertThat(packages.loadPackageContents(built.name(), built.version()).getBytes())
				.as("HAPI's copy of the package is the other build's").isEqualTo(other.bytes());
		assertThat(binaryCount()).as("the replaced copy's Binary resources are removed, not left beside the new ones")
				.isEqualTo(binaries);
	}

	private void install(ConcordPackage fhirPackage) {
		new PackageInstallation(fhirPackage, installer, packages, jobs, searchParams).afterSingletonsInstantiated();
	}

	private StructureDefinition storedPatientProfile() {
		SearchParameterMap byUrl = SearchParameterMap.newSynchronous("url", new UriParam(PATIENT_PROFILE));
		var found = daos.getResourceDao(StructureDefinition.class).search(byUrl, new SystemRequestDetails())
				.getAllResources();
		assertThat(found).hasSize(1);
		return (StructureDefinition) found.get(0);
	}

	private int binaryCount() {
		return daos.getResourceDao("Binary").search(SearchParameterMap.newSynchronous(), new SystemRequestDetails())
				.getAllResourceIds().size();
	}

	/** The package's bytes with the patient profile's description changed, every other file as it was. */
	private byte[] withPatientProfileDescription(byte[] tgz, String description) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)));
				TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				byte[] content = in.readAllBytes();
				if (PATIENT_PROFILE_FILE.equals(entry.getName())) {
					StructureDefinition profile = fhir.newJsonParser().parseResource(StructureDefinition.class,
							new String(content, StandardCharsets.UTF_8));
					profile.setDescription(description);
					content = fhir.newJsonParser().encodeResourceToString(profile).getBytes(StandardCharsets.UTF_8);
				}
				TarArchiveEntry copy = new TarArchiveEntry(entry.getName());
				copy.setSize(content.length);
				tar.putArchiveEntry(copy);
				tar.write(content);
				tar.closeArchiveEntry();
			}
		}
		return out.toByteArray();
	}
}
