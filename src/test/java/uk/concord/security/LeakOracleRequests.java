package uk.concord.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import uk.concord.testing.NhsNumbers;

/**
 * The leak oracle's request generator: from a seeded random source, reads, versions and histories of records that
 * exist (the token's own and everyone else's) and that do not, searches combining the search parameters, modifiers,
 * chains, {@code _has}, {@code _include}/{@code _revinclude} and result parameters Concord supports, compartment
 * searches, {@code $everything} and {@code $summary}, batches of any of these, and the health passport pages. Paging
 * links are followed by the oracle itself.
 */
final class LeakOracleRequests {

	/** One request: GET or POST, a URL under the FHIR base (or {@code /passport...} under the root), and a body. */
	record Request(String method, String url, String contentType, String body) {

		static Request get(String url) {
			return new Request("GET", url, null, null);
		}

		@Override
		public String toString() {
			return method + " " + url + (body == null ? "" : " " + body);
		}
	}

	private static final String NHS = NhsNumbers.SYSTEM;
	private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

	/** Search parameters, with the modifiers worth trying, per type. */
	private static final Map<String, List<String>> PARAMETERS = Map.ofEntries(
			Map.entry("Patient", List.of("_id", "identifier", "name", "family", "given", "birthdate", "gender",
					"general-practitioner", "organization", "link", "active")),
			Map.entry("Condition", List.of("subject", "patient", "code", "clinical-status", "verification-status",
					"category", "onset-date", "subject:Patient.identifier", "subject.name", "patient.birthdate")),
			Map.entry("CareTeam", List.of("subject", "patient", "participant", "status", "category",
					"participant-organization", "coordinator", "role", "subject:Patient.identifier", "subject.family")),
			Map.entry("CarePlan", List.of("subject", "patient", "category", "status", "care-team", "date",
					"subject:Patient.identifier", "care-team.participant")),
			Map.entry("DocumentReference", List.of("subject", "patient", "type", "status", "date", "author",
					"subject:Patient.identifier")),
			Map.entry("Flag", List.of("subject", "patient", "status", "category", "date")),
			Map.entry("Goal", List.of("subject", "patient", "lifecycle-status")),
			Map.entry("Consent", List.of("patient", "status", "actor", "organization")),
			Map.entry("RelatedPerson", List.of("patient", "name", "identifier")),
			Map.entry("Observation", List.of("subject", "patient", "code", "value-quantity")),
			Map.entry("Practitioner", List.of("name", "identifier", "family")),
			Map.entry("Organization", List.of("identifier", "name")),
			Map.entry("AuditEvent", List.of("entity", "patient", "agent", "type", "date")));

	private static final List<String> MODIFIERS = List.of("", "", "", ":missing", ":not", ":exact", ":contains",
			":text", ":identifier", ":above", ":below", ":of-type");

	private static final List<String> INCLUDES = List.of("_include=CareTeam:participant", "_include=CareTeam:subject",
			"_include=CarePlan:care-team", "_include=CarePlan:subject", "_include=Condition:subject",
			"_include=DocumentReference:subject", "_include=*", "_include:iterate=CareTeam:participant",
			"_include=Flag:subject", "_include=Consent:actor", "_include=RelatedPerson:patient",
			"_revinclude=Flag:subject", "_revinclude=Condition:subject", "_revinclude=CareTeam:participant",
			"_revinclude=CarePlan:care-team", "_revinclude=Consent:patient", "_revinclude=Provenance:target",
			"_revinclude=DocumentReference:related", "_revinclude:iterate=CarePlan:subject");

	private static final List<String> RESULT_PARAMETERS = List.of("_summary=count", "_summary=true",
			"_summary=text", "_summary=data", "_elements=id,subject", "_sort=_id", "_sort=-_lastUpdated", "_count=1",
			"_count=2", "_count=50", "_content=steroids", "_text=ventilation", "_total=accurate", "_total=estimate",
			"_contained=both");

	private final Random random;
	private final LeakOracleSnapshot snapshot;
	private final List<String> records;
	private final List<String> patients;
	private final List<String> nhsNumbers;

	LeakOracleRequests(long seed, LeakOracleSnapshot snapshot) {
		this.random = new Random(seed);
		this.snapshot = snapshot;
		this.records = List.copyOf(snapshot.records.keySet());
		this.patients = List.copyOf(snapshot.patients());
		this.nhsNumbers = List.copyOf(snapshot.nhsNumbers.keySet());
	}

	Request next(boolean auditor) {
		List<Supplier<Request>> kinds = List.of(
				this::read, this::read, this::vread, this::instanceHistory, this::historyCount,
				this::search, this::search, this::search, this::search, this::search, this::search,
				this::compartmentSearch, this::everything, this::summary, this::batch, this::postedSearch,
				this::passport);
		Request request = kinds.get(random.nextInt(kinds.size())).get();
		if (auditor && random.nextInt(3) == 0) {
			return Request.get("AuditEvent?" + searchParameters("AuditEvent"));
		}
		return request;
	}

	private Request read() {
		return Request.get(existingOrNot());
	}

	private Request vread() {
		return Request.get(existingOrNot() + "/_history/" + (1 + random.nextInt(2)));
	}

	private Request instanceHistory() {
		return Request.get(existingOrNot() + "/_history" + pick("", "?_count=0", "?_count=1",
				// a date without a time answers 500 (HAPI-1885): a client mistake, fixed on branch access: item 9
				"?_since=2020-01-01T00:00:00Z"));
	}

	private Request historyCount() {
		return Request.get(pick("", "Condition/", "Patient/", "CareTeam/", "AuditEvent/", "Flag/") + "_history"
				+ pick("?_count=0", "?_count=1", "?_summary=count"));
	}

	private Request search() {
		String type = pick(PARAMETERS.keySet().stream().sorted().toList());
		return Request.get(type + "?" + searchParameters(type));
	}

	private Request postedSearch() {
		String type = pick(List.of("Condition", "CareTeam", "CarePlan", "Patient", "Flag"));
		return new Request("POST", type + "/_search", "application/x-www-form-urlencoded", searchParameters(type));
	}

	private Request compartmentSearch() {
		String type = pick(List.of("Condition", "CareTeam", "CarePlan", "DocumentReference", "Flag", "Goal", "Consent",
				"RelatedPerson", "AuditEvent"));
		return Request.get(patientOrNot() + "/" + type + "?" + resultParameters());
	}

	private Request everything() {
		return Request.get(patientOrNot() + "/$everything" + pick("", "?_count=2", "?_since=2020-01-01T00:00:00Z",
				"?_type=CareTeam,Patient", "?_count=5"));
	}

	private Request summary() {
		return random.nextBoolean()
				? Request.get(patientOrNot() + "/$summary")
				: Request.get("Patient/$summary?identifier=" + encode(NHS + "|" + nhsOrNot()));
	}

	private Request passport() {
		return random.nextBoolean()
				? Request.get("/passport/" + patientOrNot())
				: Request.get("/passport/Patient?identifier=" + encode(NHS + "|" + nhsOrNot()));
	}

	private Request batch() {
		StringBuilder entries = new StringBuilder();
		int count = 1 + random.nextInt(4);
		for (int i = 0; i < count; i++) {
			Request inner = switch (random.nextInt(4)) {
				case 0 -> read();
				case 1 -> compartmentSearch();
				case 2 -> everything();
				default -> search();
			};
			if (entries.length() > 0) {
				entries.append(',');
			}
			entries.append("{\"request\":{\"method\":\"GET\",\"url\":\"").append(inner.url().replace("\"", "%22")).append("\"}}");
		}
		return new Request("POST", "", "application/fhir+json",
				"{\"resourceType\":\"Bundle\",\"type\":\"" + pick("batch", "batch", "transaction") + "\",\"entry\":[" + entries + "]}");
	}

	private String searchParameters(String type) {
		List<String> parts = new ArrayList<>();
		int count = random.nextInt(3);
		for (int i = 0; i < count; i++) {
			parts.add(criterion(type));
		}
		if ("Patient".equals(type) && random.nextInt(4) == 0) {
			// reverse chaining through types that hold patient data; through directory types and AuditEvent:
			// fixed on branch access: item 2
			parts.add(pick("_has:Condition:subject:code=98896", "_has:CareTeam:subject:status=active",
					"_has:Flag:subject:status=active", "_has:CarePlan:subject:category=emergency-care-plan",
					"_has:Consent:patient:status=active"));
		}
		String result = resultParameters();
		if (!result.isEmpty()) {
			parts.add(result);
		}
		return String.join("&", parts);
	}

	private String criterion(String type) {
		String parameter = pick(PARAMETERS.get(type));
		boolean chained = parameter.contains(".");
		String modifier = chained ? "" : pick(MODIFIERS);
		if (modifier.equals(":missing")) {
			return parameter + modifier + "=" + pick("true", "false");
		}
		// never an empty value: empty and blank values, fixed on branch access: item 3
		return parameter + modifier + "=" + encode(value(parameter));
	}

	private String value(String parameter) {
		return switch (parameter.replaceAll("[:.].*", "")) {
			case "subject", "patient" -> parameter.contains(".")
					? pick("Bennett", "Ahmed", "2012-03-14", NHS + "|" + nhsOrNot())
					: parameter.contains(":Patient") ? NHS + "|" + nhsOrNot() : pick(patientOrNot(), bare(patientOrNot()));
			case "_id" -> bare(pick(records));
			case "identifier" -> pick(NHS + "|" + nhsOrNot(), nhsOrNot(), ODS + "|Y90001", ODS + "|RRK");
			case "name", "family", "given" -> pick("Bennett", "Ahmed", "Sam", "Oliver", "Rachel", "Clarke");
			case "birthdate", "date", "onset-date" -> pick("2012-03-14", "ge2000-01-01", "lt2030-01-01", "2026");
			case "gender" -> pick("male", "female", "unknown");
			case "general-practitioner", "participant", "author", "actor", "agent", "coordinator" ->
					pick("Practitioner/pract-gp-riverside", "Practitioner/pract-nurse-specialist",
							"Organization/org-uhb", patientOrNot(), "RelatedPerson/dmd-mother");
			case "organization" -> pick("Organization/org-gp-riverside", "Organization/org-gosh", "Organization/org-uhb");
			case "link", "entity" -> pick(records);
			case "code" -> pick("https://www.orpha.net|98896", "98896", "616874", "http://loinc.org|11488-4");
			case "clinical-status" -> pick("active", "resolved");
			case "verification-status" -> pick("confirmed", "unconfirmed");
			case "category" -> pick("emergency-care-plan", "coordinated-care-plan", "problem-list-item", "clinical");
			case "status", "lifecycle-status" -> pick("active", "current", "inactive", "draft", "proposed");
			case "participant-organization" -> pick(ODS + "|Y90001", ODS + "|RRK", ODS + "|RP4", ODS + "|RR8");
			case "role" -> pick("care-coordinator", "gp");
			case "care-team" -> pick(records.stream().filter(r -> r.startsWith("CareTeam/")).toList());
			case "type" -> pick("http://loinc.org|11488-4", "rest", "110112");
			case "value-quantity" -> pick("gt1", "lt100");
			case "active" -> pick("true", "false");
			default -> pick("x", "1");
		};
	}

	private String resultParameters() {
		List<String> parts = new ArrayList<>();
		int count = random.nextInt(3);
		for (int i = 0; i < count; i++) {
			parts.add(random.nextBoolean() ? pick(INCLUDES) : pick(RESULT_PARAMETERS));
		}
		// each result parameter once: a repeated _summary or _text answers 500, fixed on branch access: item 9
		Set<String> named = new HashSet<>();
		List<String> kept = new ArrayList<>();
		for (String part : parts) {
			String name = part.substring(0, part.indexOf('='));
			if (name.startsWith("_include") || name.startsWith("_revinclude") || named.add(name)) {
				kept.add(part);
			}
		}
		// _total with _revinclude skips the consent check: fixed on branch access: item 4
		if (kept.stream().anyMatch(p -> p.startsWith("_total")) && kept.stream().anyMatch(p -> p.startsWith("_revinclude"))) {
			kept.removeIf(p -> p.startsWith("_total"));
		}
		return String.join("&", kept);
	}

	private String existingOrNot() {
		if (random.nextInt(5) == 0) {
			return pick(List.of("Patient", "Condition", "CareTeam", "CarePlan", "Flag")) + "/" + missingId();
		}
		return pick(records);
	}

	String patientOrNot() {
		return random.nextInt(5) == 0 ? "Patient/" + missingId() : pick(patients);
	}

	private String nhsOrNot() {
		return random.nextInt(4) == 0 || nhsNumbers.isEmpty() ? missingNhsNumber() : pick(nhsNumbers);
	}

	/** A valid NHS Number that no patient has. */
	String missingNhsNumber() {
		while (true) {
			StringBuilder digits = new StringBuilder("9");
			for (int i = 1; i < 9; i++) {
				digits.append(random.nextInt(10));
			}
			int check = NhsNumbers.checkDigit(digits.toString());
			String number = digits.append(check).toString();
			if (check != 10 && !snapshot.nhsNumbers.containsKey(number)) {
				return number;
			}
		}
	}

	/** An id no record has. */
	String missingId() {
		return "no-such-" + Long.toHexString(random.nextLong() & 0xffffffffffL);
	}

	private static String bare(String reference) {
		return reference.substring(reference.indexOf('/') + 1);
	}

	@SafeVarargs
	private <T> T pick(T... values) {
		return values[random.nextInt(values.length)];
	}

	private <T> T pick(List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
