package uk.concord.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds an offline FHIR package cache folder (what SUSHI and the HL7 tools call {@code ~/.fhir/packages}) holding
 * <ul>
 *   <li>{@code hl7.fhir.r4.core#4.0.1/package/} (one JSON file per resource, {@code package.json} and
 *       {@code .index.json}) converted from the R4 definitions shipped inside {@code hapi-fhir-validation-resources-r4}
 *       (XML bundles) and {@code hapi-fhir-structures-r4}'s search parameters;</li>
 *   <li>an empty {@code hl7.fhir.xver-extensions#0.1.0} stub: the HL7 validation engine (R4 mode) always loads that
 *       package, which cannot be downloaded here. SUSHI never reads it.</li>
 * </ul>
 *
 * <p>Offline: reads only classpath resources. Used two ways, so it must stay a single file with no dependency on other
 * test classes:
 * <ul>
 *   <li>by the tests, through {@link FhirPackageCache} (once per JVM, under {@code target/});</li>
 *   <li>by {@code tools/fhir-package-cache/build-cache.sh} (for SUSHI), with the single-file source launcher:
 *       <pre>java -cp "$(tools/fhir-package-cache/classpath.sh)" src/test/java/uk/concord/testing/BuildR4CorePackage.java &lt;cache-dir&gt;</pre></li>
 * </ul>
 */
public class BuildR4CorePackage {

	private static final String BASE = "org/hl7/fhir/r4/model/";
	private static final String[] XML_BUNDLES = {
		BASE + "profile/profiles-types.xml",
		BASE + "profile/profiles-resources.xml",
		BASE + "profile/profiles-others.xml",
		BASE + "extension/extension-definitions.xml",
		BASE + "valueset/valuesets.xml",
		BASE + "valueset/v3-codesystems.xml",
		BASE + "valueset/v2-tables.xml",
	};
	private static final String[] JSON_BUNDLES = {BASE + "sp/search-parameters.json"};

	public static final String R4_CORE = "hl7.fhir.r4.core#4.0.1";
	public static final String XVER_STUB = "hl7.fhir.xver-extensions#0.1.0";

	public static void main(String[] args) throws IOException {
		build(Path.of(args.length > 0 ? args[0] : "target/fhir-package-cache"));
	}

	/** Writes both packages into {@code cache} (a package cache folder), replacing what is there. */
	public static void build(Path cache) throws IOException {
		buildR4Core(cache);
		writeXverStub(cache);
	}

	private static void writeXverStub(Path cache) throws IOException {
		Path stub = cache.resolve(XVER_STUB).resolve("package");
		Files.createDirectories(stub);
		Files.writeString(stub.resolve("package.json"), "{\"name\":\"hl7.fhir.xver-extensions\",\"version\":\"0.1.0\","
			+ "\"type\":\"IG\",\"fhirVersions\":[\"4.0.1\"],\"dependencies\":{},\"description\":\"Empty offline stub "
			+ "written by Concord's BuildR4CorePackage so that the HL7 validation engine can start without network\"}\n",
			StandardCharsets.UTF_8);
		Files.writeString(stub.resolve(".index.json"), "{\"index-version\":2,\"files\":[]}\n", StandardCharsets.UTF_8);
	}

	private static void buildR4Core(Path cache) throws IOException {
		Path pkg = cache.resolve(R4_CORE).resolve("package");
		Files.createDirectories(pkg);

		FhirContext ctx = FhirContext.forR4Cached();
		ctx.setParserErrorHandler(new LenientErrorHandler(false));
		IParser xml = ctx.newXmlParser();
		IParser jsonIn = ctx.newJsonParser();
		IParser jsonOut = ctx.newJsonParser().setPrettyPrint(false).setOmitResourceId(false);

		Map<String, Resource> byFile = new TreeMap<>();
		int duplicates = 0;
		List<String> sources = new ArrayList<>();
		for (String name : XML_BUNDLES) {
			sources.add(name);
		}
		for (String name : JSON_BUNDLES) {
			sources.add(name);
		}
		for (String name : sources) {
			try (InputStream in = BuildR4CorePackage.class.getClassLoader().getResourceAsStream(name)) {
				if (in == null) {
					throw new IllegalStateException("Not on the classpath: " + name);
				}
				InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
				IBaseResource parsed = name.endsWith(".xml") ? xml.parseResource(reader) : jsonIn.parseResource(reader);
				Bundle bundle = (Bundle) parsed;
				for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
					Resource r = e.getResource();
					if (r == null || r.getIdElement().getIdPart() == null) {
						continue;
					}
					String file = r.fhirType() + "-" + r.getIdElement().getIdPart() + ".json";
					if (byFile.containsKey(file)) {
						duplicates++; // first one wins (types/resources before others/extensions)
						continue;
					}
					r.setId(r.getIdElement().getIdPart());
					byFile.put(file, r);
				}
			}
		}

		StringBuilder index = new StringBuilder("{\"index-version\":1,\"files\":[");
		boolean first = true;
		for (Map.Entry<String, Resource> entry : byFile.entrySet()) {
			Resource r = entry.getValue();
			Files.writeString(pkg.resolve(entry.getKey()), jsonOut.encodeResourceToString(r), StandardCharsets.UTF_8);
			Map<String, String> idx = new LinkedHashMap<>();
			idx.put("filename", entry.getKey());
			idx.put("resourceType", r.fhirType());
			idx.put("id", r.getIdElement().getIdPart());
			if (r instanceof MetadataResource m) {
				idx.put("url", m.getUrl());
				idx.put("version", m.getVersion());
			}
			if (r instanceof StructureDefinition sd) {
				idx.put("kind", sd.getKind() == null ? null : sd.getKind().toCode());
				idx.put("type", sd.getType());
			}
			index.append(first ? "" : ",").append(toJson(idx));
			first = false;
		}
		index.append("]}");
		Files.writeString(pkg.resolve(".index.json"), index.toString(), StandardCharsets.UTF_8);
		Files.writeString(pkg.resolve("package.json"), """
			{
			  "name": "hl7.fhir.r4.core",
			  "version": "4.0.1",
			  "tools-version": 3,
			  "type": "Core",
			  "date": "20191030123300",
			  "license": "CC0-1.0",
			  "canonical": "http://hl7.org/fhir",
			  "url": "http://hl7.org/fhir/R4",
			  "title": "FHIR Core package",
			  "description": "FHIR R4 core definitions, rebuilt offline by Concord's BuildR4CorePackage from hapi-fhir-validation-resources-r4 8.8.0",
			  "fhirVersions": ["4.0.1"],
			  "dependencies": {},
			  "author": "HL7 Inc",
			  "jurisdiction": "http://unstats.un.org/unsd/methods/m49/m49.htm#001"
			}
			""", StandardCharsets.UTF_8);
		System.out.println("hl7.fhir.r4.core#4.0.1: wrote " + byFile.size() + " resources to " + pkg
			+ " (" + duplicates + " duplicate ids skipped)");
	}

	private static String toJson(Map<String, String> m) {
		StringBuilder b = new StringBuilder("{");
		boolean first = true;
		for (Map.Entry<String, String> e : m.entrySet()) {
			if (e.getValue() == null) {
				continue;
			}
			b.append(first ? "" : ",").append('"').append(e.getKey()).append("\":\"")
				.append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
			first = false;
		}
		return b.append('}').toString();
	}
}
