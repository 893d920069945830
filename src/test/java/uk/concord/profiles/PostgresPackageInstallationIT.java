package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import uk.concord.testing.PostgresServerTest;

/**
 * The package's installation on the {@code postgres} profile, against a real PostgreSQL server; there, cluster nodes
 * share the database, so two of them may start a new build at the same moment.
 */
@PostgresServerTest
class PostgresPackageInstallationIT extends PackageInstallationContract {

	@Test
	void twoNodesStartingANewBuildAtOnceBothStartAndInstallItOnce() throws IOException {
		install(built);
		install(anotherBuild());
		int binaries = binaryCount();

		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> install(built));
		CompletableFuture<Void> second = CompletableFuture.runAsync(() -> install(built));

		assertThat(first).succeedsWithin(5, TimeUnit.MINUTES);
		assertThat(second).succeedsWithin(5, TimeUnit.MINUTES);
		assertThat(stored(StructureDefinition.class, PATIENT_PROFILE)).as("one patient profile").hasSize(1)
				.allSatisfy(profile -> assertThat(((StructureDefinition) profile).getDescription())
						.doesNotContain("another build"));
		assertThat(packages.loadPackageContents(built.name(), built.version()).getBytes()).isEqualTo(built.bytes());
		assertThat(binaryCount()).as("one copy of the package").isEqualTo(binaries);
	}

	private ConcordPackage anotherBuild() throws IOException {
		return new ConcordPackage(new ByteArrayResource(repackaged(built.bytes(), profile -> {
			profile.setDescription("Changed by another build");
			return profile;
		}, null, null)), fhir);
	}
}
