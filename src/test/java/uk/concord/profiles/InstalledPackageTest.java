package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** What a restart consults before installing the package again, on a real (in-memory) H2 database. */
class InstalledPackageTest {

	private final DriverManagerDataSource database =
			new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	private final byte[] build = "the package of one build".getBytes(StandardCharsets.UTF_8);

	@Test
	void aPackageNeverInstalledIsNotCurrent() {
		assertThat(new InstalledPackage(database).isCurrent("concord.fhir.r4", build)).isFalse();
	}

	@Test
	void onceInstalledTheSameBytesAreCurrentAcrossInstances() {
		new InstalledPackage(database).installed("concord.fhir.r4", build);

		assertThat(new InstalledPackage(database).isCurrent("concord.fhir.r4", build.clone())).isTrue();
	}

	@Test
	void aNewBuildWithTheSameNameAndVersionIsNotCurrentUntilItIsInstalled() {
		InstalledPackage installed = new InstalledPackage(database);
		installed.installed("concord.fhir.r4", build);
		byte[] newBuild = "the package of the next build".getBytes(StandardCharsets.UTF_8);

		assertThat(installed.isCurrent("concord.fhir.r4", newBuild)).isFalse();
		installed.installed("concord.fhir.r4", newBuild);
		assertThat(installed.isCurrent("concord.fhir.r4", newBuild)).isTrue();
		assertThat(installed.isCurrent("concord.fhir.r4", build)).as("the earlier build's bytes").isFalse();
	}

	@Test
	void anotherPackagesInstallationSaysNothingAboutThisOne() {
		InstalledPackage installed = new InstalledPackage(database);
		installed.installed("another.package", build);

		assertThat(installed.isCurrent("concord.fhir.r4", build)).isFalse();
	}
}
