package org.hl7.fhir.utilities;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Concord's stand-in for fhir-core 6.7.9's class of the same name, found first on the class path (the application's
 * classes come before its libraries). HL7's instance validator builds one of these for every resource it validates,
 * and fhir-core's reads and parses its 1.5 MB OID registry each time: about 30 ms, and a fifth of the CPU time of
 * storing a transaction (bench/RESULTS.md). This one reads the registry once per JVM. Same API, same answers:
 * {@code OidRegistryReadOnceTest} compares every method with fhir-core's own class. Delete this file when HAPI's
 * fhir-core caches the registry itself (check at every HAPI upgrade: that test fails if fhir-core's class changes).
 */
public class OIDUtilities {

	private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

	/** Well-known terminologies by OID, as the validator names them. */
	private static final Map<String, String> URIS = Map.ofEntries(
			Map.entry("2.16.840.1.113883.6.96", "http://snomed.info/sct"),
			Map.entry("2.16.840.1.113883.6.1", "http://loinc.org"),
			Map.entry("2.16.840.1.113883.6.8", "http://unitsofmeasure.org"),
			Map.entry("2.16.840.1.113883.6.3", "http://hl7.org/fhir/sid/icd-10"),
			Map.entry("2.16.840.1.113883.6.42", "http://hl7.org/fhir/sid/icd-9"),
			Map.entry("2.16.840.1.113883.6.104", "http://hl7.org/fhir/sid/icd-9"),
			Map.entry("2.16.840.1.113883.6.103", "http://hl7.org/fhir/sid/icd-9"),
			Map.entry("2.16.840.1.113883.6.73", "http://www.whocc.no/atc"),
			Map.entry("2.16.840.1.113883.3.26.1.1", "http://ncimeta.nci.nih.gov"),
			Map.entry("2.16.840.1.113883.3.26.1.1.1", "http://ncimeta.nci.nih.gov"),
			Map.entry("2.16.840.1.113883.6.88", "http://www.nlm.nih.gov/research/umls/rxnorm"),
			Map.entry("2.16.840.1.113883.6.59", "http://hl7.org/fhir/sid/cvx"),
			Map.entry("2.16.840.1.113883.12.292", "http://hl7.org/fhir/sid/cvx"),
			Map.entry("2.16.840.1.113883.6.12", "http://www.ama-assn.org/go/cpt"));

	public OIDUtilities() {
		// the registry is read when the first instance asks for it
	}

	public static String getUriForOid(String oid) {
		return oid == null ? null : URIS.get(oid);
	}

	public static String oidTail(String oid) {
		return oid == null || !oid.contains(".") ? oid : oid.substring(oid.lastIndexOf('.') + 1);
	}

	public static String oidRoot(String oid) {
		return oid == null || !oid.contains(".") ? oid : oid.substring(0, oid.indexOf('.'));
	}

	public static boolean isValidOID(String oid) {
		return OID.matcher(oid).matches();
	}

	/** Whether {@code urn:oid:x} names an OID the registry gives a code system name. */
	public boolean isKnownOID(String uri) {
		return uri != null && uri.startsWith("urn:oid:") && Registry.KNOWN.contains(uri.substring(8));
	}

	/** fhir-core's registry row; kept for source compatibility, the registry itself holds only the OIDs. */
	public static class OIDInfo {
		private String oid;
		private String name;
		private String codeSystem;
		private Integer type;

		public String getOid() {
			return oid;
		}

		public void setOid(String oid) {
			this.oid = oid;
		}

		public String getName() {
			return name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getCodeSystem() {
			return codeSystem;
		}

		public void setCodeSystem(String codeSystem) {
			this.codeSystem = codeSystem;
		}

		public Integer getType() {
			return type;
		}

		public void setType(Integer type) {
			this.type = type;
		}

		@Override
		public String toString() {
			return oid + " " + name;
		}
	}

	/** Loaded on first use, once (the holder idiom makes it thread-safe without a lock on every call). */
	private static final class Registry {

		static final Set<String> KNOWN = load();

		/** Rows are {@code oid,type,name,codeSystemName}; a row without a code system name is not counted. */
		private static Set<String> load() {
			Set<String> known = new HashSet<>(32_768);
			try (InputStream in = OIDUtilities.class.getClassLoader().getResourceAsStream("oidregistry.csv")) {
				if (in == null) {
					return Set.of();
				}
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
				reader.readLine(); // header
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					// split drops trailing empty fields, so a row whose last column is empty has fewer than four
					String[] fields = line.split(",");
					if (fields.length >= 4) {
						known.add(fields[0].trim());
					}
				}
			} catch (IOException e) {
				throw new UncheckedIOException("Cannot read the OID registry", e);
			}
			return Set.copyOf(known);
		}
	}
}
