package uk.concord.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A deterministic cohort shaped like the guide's example family (ig/examples/bundles/Bundle-1-dmd-child-record.json):
 * one transaction with the shared Organizations and Practitioners, then one 13-resource transaction per patient
 * (patient, carer, rare condition with ORPHAcode, two goals, a care team across organisations with a coordinator,
 * coordinated/emergency/transition care plans, an alert, a clinic letter with text, an emergency letter, a consent).
 * Patient i gets ids {@code c<i>-...}, its own valid NHS Number and its own other identifiers, so every record is
 * valid for Concord and the same bytes go to every server.
 */
final class Cohort {

	static final String NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
	static final String ORPHACODE = "98896";

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String[] FAMILY_NAMES = {
		"Bennett", "Ahmed", "Clarke", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones",
		"Khan", "Lewis", "Morgan", "Nowak", "Owen", "Patel", "Quinn", "Roberts", "Singh", "Taylor"
	};

	/**
	 * The example family's records that make the 13-resource transaction; the family has grown since (a
	 * brother with his own record and carer, appointments, locations, the family Group), which the cohort leaves
	 * out so that its shape, and the figures measured with it, stay as they were.
	 */
	private static final Set<String> FAMILY_RECORD = Set.of("dmd-child", "dmd-mother", "dmd-condition",
			"dmd-goal-mobility", "dmd-goal-transition", "dmd-care-team", "dmd-coordinated-care-plan",
			"dmd-emergency-care-plan", "dmd-transition-plan", "dmd-alert", "dmd-clinic-letter", "dmd-emergency-letter",
			"dmd-consent");

	private final String shared;
	private final String familyTemplate;
	private final String careTeamTemplate;
	private final List<String> nhsNumbers;

	Cohort(Path templateBundle, int patients) throws IOException {
		JsonNode bundle = JSON.readTree(templateBundle.toFile());
		ArrayNode sharedEntries = JSON.createArrayNode();
		ArrayNode familyEntries = JSON.createArrayNode();
		for (JsonNode entry : bundle.get("entry")) {
			String type = entry.get("resource").get("resourceType").asText();
			if (type.equals("Organization") || type.equals("Practitioner")) {
				sharedEntries.add(entry);
			} else if (FAMILY_RECORD.contains(entry.get("resource").get("id").asText())) {
				familyEntries.add(entry);
			}
		}
		this.careTeamTemplate = JSON.writeValueAsString(findResource(familyEntries, "dmd-care-team"));
		this.shared = transaction(sharedEntries);
		this.familyTemplate = transaction(familyEntries);
		this.nhsNumbers = nhsNumbers(patients);
	}

	/** The Organizations and Practitioners every family points at: load first (stock HAPI checks references). */
	String sharedTransaction() {
		return shared;
	}

	int size() {
		return nhsNumbers.size();
	}

	String patientId(int i) {
		return "c" + i + "-child";
	}

	String nhsNumber(int i) {
		return nhsNumbers.get(i);
	}

	/** Patient i's 13-resource transaction: the template family with every id and identifier made its own. */
	String familyTransaction(int i) {
		return familyTransactionText(familyTemplate, i);
	}

	private String familyTransactionText(String template, int i) {
		return template
				.replace("dmd-", "c" + i + "-")
				.replace("9434765919", nhsNumber(i))
				.replace("NCARDRS-2016-004512", String.format("NCARDRS-2016-%06d", i))
				.replace("p112233445", "p" + (200_000_000 + i))
				.replace("CP-0000-1001", String.format("CP-%04d-%04d", 1 + i / 10_000, i % 10_000))
				.replace("GOSH-NM-2025-10-02-0001", String.format("GOSH-NM-2025-10-02-B%06d", i))
				.replace("Bennett", FAMILY_NAMES[i % FAMILY_NAMES.length]);
	}

	/**
	 * Patient i's care team as revision n: the same team with a name that changes, so that each PUT stores a new
	 * version (an unchanged resource would not be written again).
	 */
	String careTeamRevision(int i, long n) throws IOException {
		ObjectNode team = (ObjectNode) JSON.readTree(familyTransactionText(careTeamTemplate, i));
		team.put("name", "Care team, revision " + n);
		return JSON.writeValueAsString(team);
	}

	String careTeamId(int i) {
		return "c" + i + "-care-team";
	}

	private static JsonNode findResource(ArrayNode entries, String id) {
		for (JsonNode entry : entries) {
			if (id.equals(entry.get("resource").get("id").asText())) {
				return entry.get("resource");
			}
		}
		throw new IllegalArgumentException("the template has no " + id);
	}

	private static String transaction(ArrayNode entries) throws IOException {
		ObjectNode bundle = JSON.createObjectNode();
		bundle.put("resourceType", "Bundle");
		bundle.put("type", "transaction");
		bundle.set("entry", entries);
		return JSON.writeValueAsString(bundle);
	}

	/** The first n valid NHS Numbers (Modulus 11 check digit) from 900 100 000 0 up, none of them the examples'. */
	private static List<String> nhsNumbers(int n) {
		List<String> numbers = new ArrayList<>(n);
		for (long prefix = 900_100_000L; numbers.size() < n; prefix++) {
			String digits = Long.toString(prefix);
			int sum = 0;
			for (int k = 0; k < 9; k++) {
				sum += (digits.charAt(k) - '0') * (10 - k);
			}
			int check = 11 - sum % 11;
			if (check == 11) {
				check = 0;
			}
			if (check != 10) {
				numbers.add(digits + check);
			}
		}
		return numbers;
	}
}
