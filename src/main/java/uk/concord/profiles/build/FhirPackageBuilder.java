package uk.concord.profiles.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.IParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackageIndexBuilder;

/**
 * Build step ({@code mvn package}, phase process-classes): turns the SUSHI output in
 * {@code fhir-profiles/fsh-generated/resources} into a standard FHIR NPM package: {@code package/package.json},
 * the conformance resources with generated snapshots, the valid examples under {@code package/example}, and an
 * {@code .index.json} per folder. Counter-examples (ids starting {@code fail-}) are left out: they exist to be rejected.
 *
 * <p>Usage: {@code FhirPackageBuilder <resources folder> <output .tgz> [<copy .tgz>...]}
 */
public final class FhirPackageBuilder {

	static final String COUNTER_EXAMPLE_PREFIX = "fail-";

	private final FhirContext fhir = FhirContext.forR4Cached();
	private final IParser json = fhir.newJsonParser().setPrettyPrint(true);

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			throw new IllegalArgumentException("usage: FhirPackageBuilder <resources folder> <output .tgz> [copies...]");
		}
		byte[] tgz = new FhirPackageBuilder().build(Path.of(args[0]));
		for (int i = 1; i < args.length; i++) {
			Path out = Path.of(args[i]);
			Files.createDirectories(out.toAbsolutePath().getParent());
			Files.write(out, tgz);
		}
	}

	/** The package as gzipped tar bytes. */
	public byte[] build(Path resourcesFolder) throws IOException {
		List<Resource> resources = read(resourcesFolder);
		ImplementationGuide guide = resources.stream()
				.filter(ImplementationGuide.class::isInstance)
				.map(ImplementationGuide.class::cast)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No ImplementationGuide in " + resourcesFolder));
		generateSnapshots(resources);

		Map<String, byte[]> conformance = new LinkedHashMap<>();
		Map<String, byte[]> examples = new LinkedHashMap<>();
		for (Resource resource : resources) {
			String name = resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
			byte[] bytes = json.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
			if (resource instanceof MetadataResource || resource instanceof ImplementationGuide) {
				conformance.put(name, bytes);
			} else if (!resource.getIdElement().getIdPart().startsWith(COUNTER_EXAMPLE_PREFIX)) {
				examples.put(name, bytes);
			}
		}
		return tgz(packageJson(guide), conformance, examples);
	}

	private List<Resource> read(Path folder) throws IOException {
		List<Resource> resources = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
				resources.add((Resource) json.parseResource(Files.readString(file)));
			}
		}
		return resources;
	}

	/** Extensions first: profiles that use an extension need its snapshot to build their own. */
	private void generateSnapshots(List<Resource> resources) {
		List<StructureDefinition> definitions = resources.stream()
				.filter(StructureDefinition.class::isInstance)
				.map(StructureDefinition.class::cast)
				.sorted(Comparator.comparing((StructureDefinition sd) -> !"Extension".equals(sd.getType())))
				.toList();
		PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(fhir);
		resources.forEach(r -> {
			if (r instanceof MetadataResource) {
				own.addResource(r);
			}
		});
		SnapshotGeneratingValidationSupport snapshots = new SnapshotGeneratingValidationSupport(fhir);
		ValidationSupportChain chain = new ValidationSupportChain(
				new DefaultProfileValidationSupport(fhir),
				own,
				new CommonCodeSystemsTerminologyService(fhir),
				new InMemoryTerminologyServerValidationSupport(fhir),
				snapshots);
		ValidationSupportContext context = new ValidationSupportContext(chain);
		for (StructureDefinition definition : definitions) {
			definition.setSnapshot(null);
			StructureDefinition withSnapshot = (StructureDefinition)
					snapshots.generateSnapshot(context, definition, definition.getUrl(), null, definition.getName());
			if (withSnapshot == null || !withSnapshot.hasSnapshot()) {
				throw new IllegalStateException("Could not generate a snapshot for " + definition.getUrl());
			}
			definition.setSnapshot(withSnapshot.getSnapshot());
		}
	}

	private static String packageJson(ImplementationGuide guide) {
		String canonical = guide.getUrl().replaceAll("/ImplementationGuide/.*$", "");
		return """
				{
				  "name": "%s",
				  "version": "%s",
				  "type": "fhir.ig",
				  "canonical": "%s",
				  "url": "%s",
				  "title": "%s",
				  "description": "%s",
				  "fhirVersions": ["4.0.1"],
				  "dependencies": {"hl7.fhir.r4.core": "4.0.1"},
				  "author": "%s",
				  "license": "%s",
				  "jurisdiction": "urn:iso:std:iso:3166#GB"
				}
				"""
				.formatted(
						guide.getPackageId(),
						guide.getVersion(),
						canonical,
						canonical,
						escape(guide.getTitle()),
						escape(guide.getDescription()),
						escape(guide.getPublisher()),
						guide.getLicense() == null ? "CC0-1.0" : guide.getLicense().toCode());
	}

	private static String escape(String text) {
		return text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
	}

	private static byte[] tgz(String packageJson, Map<String, byte[]> conformance, Map<String, byte[]> examples)
			throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (OutputStream gzip = new GzipCompressorOutputStream(bytes);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			add(tar, "package/package.json", packageJson.getBytes(StandardCharsets.UTF_8));
			addFolder(tar, "package", conformance);
			addFolder(tar, "package/example", examples);
		}
		return bytes.toByteArray();
	}

	private static void addFolder(TarArchiveOutputStream tar, String folder, Map<String, byte[]> files) throws IOException {
		NpmPackageIndexBuilder index = new NpmPackageIndexBuilder();
		index.start(null);
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			add(tar, folder + "/" + file.getKey(), file.getValue());
			index.seeFile(file.getKey(), file.getValue());
		}
		add(tar, folder + "/.index.json", index.build().getBytes(StandardCharsets.UTF_8));
	}

	private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(content.length);
		// A fixed time keeps the package byte-for-byte the same for the same sources.
		entry.setModTime(0);
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}
}
