package uk.concord.profiles;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.core.io.Resource;

/**
 * The FHIR package Concord publishes and enforces, read once: its bytes (for HAPI's installer), its identity, its
 * StructureDefinitions and which profile applies to which resource type.
 */
public class ConcordPackage {

	private final byte[] bytes;
	private final NpmPackage npm;
	private final List<StructureDefinition> structureDefinitions;
	private final List<CodeSystem> codeSystems;
	private final Map<String, String> profileByResourceType;

	ConcordPackage(Resource location, FhirContext fhir) {
		try (InputStream in = location.getInputStream()) {
			this.bytes = in.readAllBytes();
			this.npm = NpmPackage.fromPackage(new ByteArrayInputStream(bytes));
			this.structureDefinitions = npm.listResources("StructureDefinition").stream()
					.map(file -> parse(fhir, StructureDefinition.class, file))
					.toList();
			this.codeSystems = npm.listResources("CodeSystem").stream()
					.map(file -> parse(fhir, CodeSystem.class, file))
					.toList();
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read the FHIR package at " + location
					+ " (it is built by mvn package from fhir-profiles/)", e);
		}
		Map<String, String> profiles = new TreeMap<>();
		for (StructureDefinition definition : structureDefinitions) {
			if (definition.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
					&& definition.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT) {
				String previous = profiles.put(definition.getType(), definition.getUrl());
				if (previous != null) {
					throw new IllegalStateException("Two profiles for " + definition.getType() + ": " + previous
							+ " and " + definition.getUrl() + "; the server would not know which to enforce");
				}
			}
		}
		this.profileByResourceType = Collections.unmodifiableMap(profiles);
	}

	/** The package's example resources (its {@code example} folder), parsed on each call; used rarely. */
	public List<org.hl7.fhir.r4.model.Resource> examples(FhirContext fhir) {
		try {
			List<org.hl7.fhir.r4.model.Resource> examples = new java.util.ArrayList<>();
			for (String file : npm.list("example")) {
				if (file.endsWith(".json") && !file.startsWith(".")) {
					try (InputStream in = npm.load("example", file)) {
						examples.add((org.hl7.fhir.r4.model.Resource) fhir.newJsonParser().parseResource(in));
					}
				}
			}
			return examples;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private <T extends org.hl7.fhir.r4.model.Resource> T parse(FhirContext fhir, Class<T> type, String file) {
		try (InputStream in = npm.load("package", file)) {
			return fhir.newJsonParser().parseResource(type, in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public byte[] bytes() {
		return bytes.clone();
	}

	public String name() {
		return npm.name();
	}

	public String version() {
		return npm.version();
	}

	public List<StructureDefinition> structureDefinitions() {
		return structureDefinitions;
	}

	public List<CodeSystem> codeSystems() {
		return codeSystems;
	}

	/** Resource type (e.g. {@code Patient}) to the canonical URL of the Concord profile the server enforces on it. */
	public Map<String, String> profileByResourceType() {
		return profileByResourceType;
	}
}
