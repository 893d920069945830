package uk.concord.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The offline FHIR package cache the profile tests use (hl7.fhir.r4.core#4.0.1 and the empty
 * hl7.fhir.xver-extensions#0.1.0 stub, see {@link BuildR4CorePackage}), in {@code target/fhir-package-cache}: the same
 * folder {@code tools/fhir-package-cache/build-cache.sh} fills for SUSHI. Built from the classpath at most once per
 * JVM, so a clean clone needs only Java and Maven.
 */
public final class FhirPackageCache {

	public static final Path DIRECTORY = Path.of("target", "fhir-package-cache").toAbsolutePath();

	private static Path built;

	private FhirPackageCache() {}

	/** The cache folder (a FHIR package cache, i.e. what the HL7 tools and SUSHI read as ~/.fhir/packages). */
	public static synchronized Path directory() {
		if (built == null) {
			try {
				build();
			} catch (IOException e) {
				throw new UncheckedIOException("Could not build the FHIR package cache in " + DIRECTORY, e);
			}
			built = DIRECTORY;
		}
		return built;
	}

	/** Builds in a scratch folder, then swaps each package folder in, so a half-written cache is never left behind. */
	private static void build() throws IOException {
		Files.createDirectories(DIRECTORY);
		Path scratch = Files.createTempDirectory(DIRECTORY, ".build.");
		try {
			BuildR4CorePackage.build(scratch);
			for (String name : new String[] {BuildR4CorePackage.R4_CORE, BuildR4CorePackage.XVER_STUB}) {
				Path target = DIRECTORY.resolve(name);
				deleteRecursively(target);
				Files.move(scratch.resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
			}
		} finally {
			deleteRecursively(scratch);
		}
	}

	static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> all = Files.walk(path)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
