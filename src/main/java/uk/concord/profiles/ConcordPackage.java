package uk.concord.profiles;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
	private final Set<String> declaredOnlyProfiles;

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
		Set<String> declaredOnly = new TreeSet<>();
		for (StructureDefinition definition : structureDefinitions) {
			if (definition.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
					&& definition.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT) {
				if (requiresDeclaring(definition)) {
					declaredOnly.add(definition.getUrl());
					continue;
				}
				String previous = profiles.put(definition.getType(), definition.getUrl());
				if (previous != null) {
					throw new IllegalStateException("Two profiles for " + definition.getType() + ": " + previous
							+ " and " + definition.getUrl() + "; the server would not know which to enforce");
				}
			}
		}
		this.profileByResourceType = Collections.unmodifiableMap(profiles);
		this.declaredOnlyProfiles = Collections.unmodifiableSet(declaredOnly);
	}

	/**
	 * A profile that makes {@code meta.profile} required (CarerAccessConsent) applies only to the resources that
	 * declare it, in place of the type's profile: a second kind of Consent, told apart by what it says it is.
	 */
	private static boolean requiresDeclaring(StructureDefinition definition) {
		String path = definition.getType() + ".meta.profile";
		return definition.getDifferential().getElement().stream()
				.anyMatch(element -> path.equals(element.getPath()) && element.getMin() >= 1);
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

	/**
	 * The canonical URLs of the resources of the given types in a package's own folder (its examples aside), by
	 * type, read from the package's bytes: used when one build's package replaces another's.
	 */
	static Map<String, Set<String>> canonicalUrls(byte[] tgz, Collection<String> types, FhirContext fhir) {
		try {
			return canonicalUrls(NpmPackage.fromPackage(new ByteArrayInputStream(tgz)), types, fhir);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The same for this package, from the copy already read. */
	Map<String, Set<String>> canonicalUrls(Collection<String> types, FhirContext fhir) {
		return canonicalUrls(npm, types, fhir);
	}

	private static Map<String, Set<String>> canonicalUrls(NpmPackage npm, Collection<String> types, FhirContext fhir) {
		try {
			Map<String, Set<String>> urls = new TreeMap<>();
			for (String type : types) {
				Set<String> ofType = urls.computeIfAbsent(type, t -> new TreeSet<>());
				for (String file : npm.listResources(type)) {
					try (InputStream in = npm.load("package", file)) {
						String url = fhir.newTerser().getSinglePrimitiveValueOrNull(
								fhir.newJsonParser().parseResource(in), "url");
						if (url != null) {
							ofType.add(url);
						}
					}
				}
			}
			return urls;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
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

	/**
	 * The Concord profile a resource is held to: one it declares that replaces its type's (CarerAccessConsent), else
	 * its type's profile; {@code null} for a type without one. The one place this rule is written: writes, $validate
	 * and bundle entries all ask here.
	 *
	 * @param declared the resource's {@code meta.profile} values
	 */
	public String appliedProfile(String type, Collection<String> declared) {
		// a "profile": [null] sent by a client reads as a profile without a value
		return declared.stream().filter(Objects::nonNull).filter(declaredOnlyProfiles::contains).findFirst()
				.orElse(profileByResourceType.get(type));
	}
}
