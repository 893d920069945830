package uk.concord.coordination;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Patient;

/**
 * The region a patient lives in, from the postcode area of their home address (the letters before the first digit:
 * "LS6 9ZZ" is area LS, Yorkshire and The Humber). The table is data, shipped as
 * {@code coordination/postcode-area-regions.csv}; its header says where it comes from.
 */
final class Regions {

	static final String UNKNOWN = "Unknown";
	private static final Pattern AREA = Pattern.compile("^([A-Z]{1,2})[0-9]");

	private final Map<String, String> byArea;

	private Regions(Map<String, String> byArea) {
		this.byArea = byArea;
	}

	static Regions load() {
		Map<String, String> table = new HashMap<>();
		try (var in = Regions.class.getResourceAsStream("/coordination/postcode-area-regions.csv");
				var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			reader.lines()
					.filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("area,"))
					.map(line -> line.split(",", 2))
					.forEach(cells -> table.put(cells[0].strip(), cells[1].strip()));
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read the postcode area table", e);
		}
		return new Regions(Map.copyOf(table));
	}

	/** The region of the patient's home address (else their first address with a postcode), or "Unknown". */
	String of(Patient patient) {
		return patient.getAddress().stream()
				.sorted((a, b) -> Boolean.compare(!isHome(a), !isHome(b)))
				.filter(a -> a.hasPostalCode())
				.map(a -> ofPostcode(a.getPostalCode()))
				.findFirst()
				.orElse(UNKNOWN);
	}

	String ofPostcode(String postcode) {
		Matcher area = AREA.matcher(postcode.strip().toUpperCase(Locale.ROOT));
		return area.find() ? byArea.getOrDefault(area.group(1), UNKNOWN) : UNKNOWN;
	}

	private static boolean isHome(org.hl7.fhir.r4.model.Address address) {
		return address.getUse() == org.hl7.fhir.r4.model.Address.AddressUse.HOME;
	}
}
