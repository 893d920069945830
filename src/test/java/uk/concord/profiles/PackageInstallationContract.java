package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageDeleteOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.concord.server.OneNodeAtATime;

/**
 * The package is installed at every start-up. HAPI keeps a copy of each package name and version it installed; a new
 * build of Concord keeps the version, so what is installed must be the package this build carries, and a start of the
 * same build must not store the package once more. Subclasses choose the database.
 */
abstract class PackageInstallationContract {

	static final String PATIENT_PROFILE = "https://fhir.concord.org.uk/StructureDefinition/RareDiseasePatient";
	static final String PATIENT_PROFILE_FILE = "package/StructureDefinition-RareDiseasePatient.json";
	static final String PACKAGE_INDEX = "package/.index.json";
	static final String CARE_TEAM_ROLES = "https://fhir.concord.org.uk/ValueSet/care-team-role";
	static final String EXTRA_VALUE_SET = "https://fhir.concord.org.uk/ValueSet/only-in-an-older-build";
	static final String EXTRA_VALUE_SET_FILE = "package/ValueSet-only-in-an-older-build.json";

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

	@Autowired
	OneNodeAtATime oneNodeAtATime;

	@Autowired
	CompletedInstallations completed;

	@Autowired
	DataSource dataSource;

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
	void aStartOfTheSameBuildAfterAWholeInstallationInstallsNothing() {
		install(built);

		assertThat(installation(built).installUnlessDone()).as("installed again").isFalse();
		assertThat(storedPatientProfile().getDescription()).doesNotContain("another build");
	}

	@Test
	void aStartAfterOneKilledPartWayInstallsThePackageAgain() {
		install(built);
		// what a start killed after HAPI stored its copy, before every definition was stored, leaves behind: HAPI's
		// copy of these very bytes, no record of a finished installation, a definition missing
		new JdbcTemplate(dataSource).update("delete from " + CompletedInstallations.TABLE);
		IBaseResource valueSet = stored(ValueSet.class, CARE_TEAM_ROLES).get(0);
		daos.getResourceDao(ValueSet.class).delete(valueSet.getIdElement().toUnqualifiedVersionless(), new SystemRequestDetails());
		assertThat(stored(ValueSet.class, CARE_TEAM_ROLES)).isEmpty();

		assertThat(installation(built).installUnlessDone()).as("installed again").isTrue();
		assertThat(stored(ValueSet.class, CARE_TEAM_ROLES)).as("the definition the killed start had not stored").hasSize(1);
		assertThat(installation(built).installUnlessDone()).as("installed once more after that").isFalse();
	}

	@Test
	void aStartAfterAnotherBuildsWasKilledWhileReplacingThePackageInstallsItAgain() throws IOException {
		install(built);
		ConcordPackage other = anotherBuild();
		// the other build's start dies after removing HAPI's copy, before its own is installed
		IPackageInstallerSvc killed = new IPackageInstallerSvc() {
			@Override
			public PackageInstallOutcomeJson install(PackageInstallationSpec spec) {
				throw new IllegalStateException("killed");
			}

			@Override
			public PackageDeleteOutcomeJson uninstall(PackageInstallationSpec spec) {
				throw new IllegalStateException("killed");
			}
		};
		assertThatThrownBy(() -> new PackageInstallation(other, killed, packages, daos, fhir, jobs, searchParams,
				oneNodeAtATime, completed).installUnlessDone()).hasMessage("killed");

		assertThat(installation(built).installUnlessDone()).as("installed again").isTrue();
		assertThat(packages.loadPackageContents(built.name(), built.version()).getBytes()).isEqualTo(built.bytes());
	}

	@Test
	void anotherBuildOfTheSameVersionHasItsOwnDefinitionsInstalled() throws IOException {
		install(built);
		ConcordPackage other = anotherBuild();
		assertThat(other.version()).isEqualTo(built.version());
		int binaries = binaryCount();

		install(other);

		assertThat(storedPatientProfile().getDescription()).isEqualTo("Changed by another build");
		assertThat(packages.loadPackageContents(built.name(), built.version()).getBytes())
				.as("HAPI's copy of the package is the other build's").isEqualTo(other.bytes());
		assertThat(binaryCount()).as("the replaced copy's Binary resources are removed, not left beside the new ones")
				.isEqualTo(binaries);
	}

	@Test
	void aDefinitionOnlyTheReplacedBuildHadIsDeleted() throws IOException {
		install(built);
		String valueSet = fhir.newJsonParser().encodeResourceToString(extraValueSet());
		ConcordPackage older = new ConcordPackage(new ByteArrayResource(
				repackaged(built.bytes(), UnaryOperator.identity(), EXTRA_VALUE_SET_FILE, valueSet)), fhir);
		install(older);
		assertThat(stored(ValueSet.class, EXTRA_VALUE_SET)).as("the older build's own ValueSet").hasSize(1);

		install(built);

		assertThat(stored(ValueSet.class, EXTRA_VALUE_SET)).as("the ValueSet this build no longer has").isEmpty();
		assertThat(stored(StructureDefinition.class, PATIENT_PROFILE)).as("what both builds have").hasSize(1);
	}

	private static ValueSet extraValueSet() {
		ValueSet valueSet = new ValueSet();
		valueSet.setId("only-in-an-older-build");
		valueSet.setUrl(EXTRA_VALUE_SET).setName("OnlyInAnOlderBuild").setStatus(Enumerations.PublicationStatus.ACTIVE);
		valueSet.getCompose().addInclude().setSystem("http://snomed.info/sct").addConcept().setCode("22298006");
		return valueSet;
	}

	/** The same package version from another build, whose patient profile says so in its description. */
	private ConcordPackage anotherBuild() throws IOException {
		return new ConcordPackage(new ByteArrayResource(repackaged(built.bytes(), profile -> {
			profile.setDescription("Changed by another build");
			return profile;
		}, null, null)), fhir);
	}

	void install(ConcordPackage fhirPackage) {
		installation(fhirPackage).afterSingletonsInstantiated();
	}

	private PackageInstallation installation(ConcordPackage fhirPackage) {
		return new PackageInstallation(fhirPackage, installer, packages, daos, fhir, jobs, searchParams, oneNodeAtATime,
				completed);
	}

	private StructureDefinition storedPatientProfile() {
		List<IBaseResource> found = stored(StructureDefinition.class, PATIENT_PROFILE);
		assertThat(found).hasSize(1);
		return (StructureDefinition) found.get(0);
	}

	List<IBaseResource> stored(Class<? extends IBaseResource> type, String url) {
		SearchParameterMap byUrl = SearchParameterMap.newSynchronous("url", new UriParam(url));
		return daos.getResourceDao(type).search(byUrl, new SystemRequestDetails()).getAllResources();
	}

	int binaryCount() {
		return daos.getResourceDao("Binary").search(SearchParameterMap.newSynchronous(), new SystemRequestDetails())
				.getAllResourceIds().size();
	}

	/**
	 * The package's bytes with the patient profile changed, and a file added if one is given (without the folder's
	 * index, which the package's reader then makes again).
	 */
	byte[] repackaged(byte[] tgz, UnaryOperator<StructureDefinition> changeProfile, String addedFile,
			String added) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)));
				TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				byte[] content = in.readAllBytes();
				if (PATIENT_PROFILE_FILE.equals(entry.getName())) {
					StructureDefinition profile = changeProfile.apply(fhir.newJsonParser().parseResource(
							StructureDefinition.class, new String(content, StandardCharsets.UTF_8)));
					content = fhir.newJsonParser().encodeResourceToString(profile).getBytes(StandardCharsets.UTF_8);
				}
				if (addedFile == null || !PACKAGE_INDEX.equals(entry.getName())) {
					write(tar, entry.getName(), content);
				}
			}
			if (addedFile != null) {
				write(tar, addedFile, added.getBytes(StandardCharsets.UTF_8));
			}
		}
		return out.toByteArray();
	}

	private static void write(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(content.length);
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}
}
