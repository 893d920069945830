package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.utilities.OIDUtilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concord's {@code OIDUtilities} (read the OID registry once) must answer exactly as fhir-core's own class, which is
 * loaded here from fhir-core's jar beside it. If a HAPI upgrade changes fhir-core's class, this says so.
 */
class OidRegistryReadOnceTest {

	private static final String CLASS_FILE = "org/hl7/fhir/utilities/OIDUtilities.class";

	private static Class<?> fhirCores;
	private static Object fhirCoresInstance;

	@BeforeAll
	static void loadFhirCoresOwnClass() throws Exception {
		List<URL> copies = Collections.list(OidRegistryReadOnceTest.class.getClassLoader().getResources(CLASS_FILE));
		URL inJar = copies.stream().filter(url -> "jar".equals(url.getProtocol())).findFirst().orElseThrow();
		URL jar = ((JarURLConnection) inJar.openConnection()).getJarFileURL();
		URL exceptions = ((JarURLConnection) OidRegistryReadOnceTest.class.getClassLoader()
				.getResource("org/hl7/fhir/exceptions/FHIRException.class").openConnection()).getJarFileURL();
		URLClassLoader isolated = new URLClassLoader(new URL[] {jar, exceptions}, ClassLoader.getPlatformClassLoader());
		fhirCores = isolated.loadClass("org.hl7.fhir.utilities.OIDUtilities");
		fhirCoresInstance = fhirCores.getConstructor().newInstance();
	}

	@Test
	void theApplicationsCopyIsTheOneTheValidatorLoads() {
		assertThat(OIDUtilities.class.getProtectionDomain().getCodeSource().getLocation().getPath())
				.doesNotEndWith(".jar");
		assertThat(fhirCores).isNotSameAs(OIDUtilities.class);
	}

	@Test
	void bothClassesHaveTheSameMethods() {
		assertThat(signatures(OIDUtilities.class)).isEqualTo(signatures(fhirCores));
	}

	@Test
	void everyOidInTheRegistryIsKnownOrUnknownToBoth() throws Exception {
		OIDUtilities ours = new OIDUtilities();
		Method isKnown = fhirCores.getMethod("isKnownOID", String.class);
		List<String> oids = registryOids();
		assertThat(oids).hasSizeGreaterThan(20_000);
		int known = 0;
		for (String oid : oids) {
			String uri = "urn:oid:" + oid;
			boolean expected = (boolean) isKnown.invoke(fhirCoresInstance, uri);
			assertThat(ours.isKnownOID(uri)).as(uri).isEqualTo(expected);
			known += expected ? 1 : 0;
		}
		assertThat(known).as("OIDs with a code system name").isGreaterThan(1_000).isLessThan(oids.size());
		for (String other : new String[] {null, "", "urn:oid:", "2.16.840.1.113883.6.96", "urn:oid:9.9.9", "http://x"}) {
			assertThat(ours.isKnownOID(other)).as(other).isEqualTo(isKnown.invoke(fhirCoresInstance, other));
		}
	}

	@Test
	void theStaticHelpersGiveTheSameAnswers() throws Exception {
		List<String> inputs = new ArrayList<>(registryOids().subList(0, 500));
		inputs.addAll(List.of("2.16.840.1.113883.6.96", "2.16.840.1.113883.6.1", "2.16.840.1.113883.6.8",
				"2.16.840.1.113883.6.3", "2.16.840.1.113883.6.42", "2.16.840.1.113883.6.104", "2.16.840.1.113883.6.103",
				"2.16.840.1.113883.6.73", "2.16.840.1.113883.3.26.1.1", "2.16.840.1.113883.3.26.1.1.1",
				"2.16.840.1.113883.6.88", "2.16.840.1.113883.6.59", "2.16.840.1.113883.12.292", "2.16.840.1.113883.6.12",
				"1.2.840.10008", "3.1", "1", "1.", "1.02", "0.0", "abc", "2.16.840.1.113883.6.96.1", ""));
		for (String name : List.of("getUriForOid", "oidTail", "oidRoot", "isValidOID")) {
			Method theirs = fhirCores.getMethod(name, String.class);
			Method ours = OIDUtilities.class.getMethod(name, String.class);
			for (String input : inputs) {
				assertThat(ours.invoke(null, input)).as(name + "(" + input + ")").isEqualTo(theirs.invoke(null, input));
			}
			if (!name.equals("isValidOID")) {
				assertThat(ours.invoke(null, (Object) null)).isEqualTo(theirs.invoke(null, (Object) null));
			}
		}
	}

	private static List<String> signatures(Class<?> type) {
		return Stream.concat(Stream.of(type.getMethods()).map(Method::toGenericString),
						Stream.of(type.getConstructors()).map(c -> c.toGenericString()))
				.map(signature -> signature.replace(type.getName(), "X"))
				.sorted()
				.toList();
	}

	private static List<String> registryOids() throws Exception {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(
				OIDUtilities.class.getClassLoader().getResourceAsStream("oidregistry.csv"), StandardCharsets.UTF_8))) {
			return reader.lines().skip(1).map(line -> line.split(",")[0].trim()).toList();
		}
	}
}
