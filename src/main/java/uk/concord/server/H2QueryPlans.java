package uk.concord.server;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Four of HAPI's queries, said so that H2 reads them through an index instead of walking a whole table. The tables
 * grow with every audit record, so the walks made requests slower the longer a server ran. PostgreSQL plans these
 * queries well and does not get this inspector; each rewrite asks for exactly the same rows.
 * <ul>
 * <li><b>A patient's {@code $everything}</b>: HAPI asks for the resources linking to the patient, ordered by their
 * id. H2's planner, pricing that order, walked every stored resource and joined each one's links: 12,450 resources
 * for a patient with 744 links, in a 60-patient benchmark database. Naming HAPI's index on the link's target makes it
 * start from the patient's links.
 * <li><b>Resources by type and id</b> (HAPI resolving a batch of references: a transaction's, an audit batch's):
 * HAPI writes {@code (RES_TYPE=? and FHIR_ID=? or RES_TYPE=? and FHIR_ID=? ...)}, which H2 answers by walking the
 * whole resource table (23,115 rows for 3 references in the same database). The same pairs as a row-value {@code IN}
 * list read HAPI's unique index on (type, id): 2 rows.
 * <li><b>A sorted search by reference</b> ({@code Observation?patient=X&_sort=-date}, as the patient summary asks
 * for each section): with the sort's outer join H2 keeps HAPI's join order and walks every stored resource, then each
 * one's links (19,479 rows for a search that found nothing, in a 100-patient database). Naming the links table first
 * makes it start from the links to X.
 * <li><b>A search by one reference and a code</b> ({@code CareTeam?subject=X&status=active}, the GP lookup once
 * narrowed to its patient; {@code CarePlan?subject=X&status=...}, {@code Consent?patient=X&category=...}, the patient
 * summary's sections): H2 knows how many distinct codes there are, not that most care teams are active, so it started
 * from every resource with the code and joined each one's links (in a 1,000-patient database: 609 reads per GP
 * lookup, 700 per summary care-plan section, growing with the database). Reading the code by the found resource's id
 * makes it start from the links to X (11 and 9 reads). What it costs: a search by a resource that very many records
 * refer to (an organisation) and a rare code or an identifier now reads all those references; Concord's own searches
 * by one reference name a patient.
 * </ul>
 */
final class H2QueryPlans implements StatementInspector {

	/** HAPI 8.8.0's query for the resources linking to a patient (SearchBuilder's $everything query). */
	private static final String FROM_LINKS = "SELECT DISTINCT t0.SRC_RESOURCE_ID FROM HFJ_RES_LINK t0";
	private static final String JOINED = FROM_LINKS
			+ " INNER JOIN HFJ_RESOURCE t1 ON (t0.SRC_RESOURCE_ID = t1.RES_ID) WHERE ";
	/** HAPI's index on (TARGET_RESOURCE_ID, SRC_PATH, SRC_RESOURCE_ID, ...) of the links table. */
	private static final String BY_TARGET = " USE INDEX (IDX_RL_TGT_V2)";
	private static final String TARGET_IS = "t0.TARGET_RESOURCE_ID = ?";
	private static final String TARGET_AMONG = "t0.TARGET_RESOURCE_ID IN (";

	/** HAPI 8.8.0's query for a search by reference that is sorted: the sort's column comes in by an outer join. */
	private static final String RESOURCES_THEN_LINKS = "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 INNER JOIN HFJ_RES_LINK t0"
			+ " ON (t1.RES_ID = t0.SRC_RESOURCE_ID) LEFT OUTER JOIN ";
	private static final String LINKS_THEN_RESOURCES = "SELECT t1.RES_ID FROM HFJ_RES_LINK t0 INNER JOIN HFJ_RESOURCE t1"
			+ " ON (t1.RES_ID = t0.SRC_RESOURCE_ID) LEFT OUTER JOIN ";
	private static final String WHERE_TARGET_IS = "(t0.TARGET_RESOURCE_ID = ?)";
	/** HAPI 8.8.0's search query with more than one criterion: each is a table joined to the resource table t1. */
	private static final String FROM_RESOURCES = "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 ";
	/** A reference criterion and a token criterion of the searched resource; group 1 is the table alias. */
	private static final Pattern LINK_OF_RESOURCE =
			Pattern.compile("INNER JOIN HFJ_RES_LINK (t\\d+) ON \\(t1\\.RES_ID = \\1\\.SRC_RESOURCE_ID\\)");
	private static final Pattern TOKEN_OF_RESOURCE =
			Pattern.compile("INNER JOIN HFJ_SPIDX_TOKEN (t\\d+) ON \\(t1\\.RES_ID = \\1\\.RES_ID\\)");
	/** A code with its system, or without one (HAPI's hashes of them); not a system alone, not :missing. */
	private static final List<String> CODE_COLUMNS = List.of("HASH_SYS_AND_VALUE", "HASH_VALUE");
	/** HAPI's index on (RES_ID, HASH_SYS_AND_VALUE, HASH_VALUE, ...) of the token table. */
	private static final String BY_RESOURCE = " USE INDEX (IDX_SP_TOKEN_RESID_V2)";

	/** Hibernate's rendering of HAPI's look-up of resources by (type, id) pairs; group 1 is the table alias. */
	private static final Pattern TYPE_AND_ID_PAIRS = Pattern.compile(
			"\\((\\w+)\\.RES_TYPE=\\? and \\1\\.FHIR_ID=\\?((?: or \\1\\.RES_TYPE=\\? and \\1\\.FHIR_ID=\\?)*)\\)");
	private static final String ONE_MORE_PAIR = " or ";

	private final AtomicLong everything = new AtomicLong();
	private final AtomicLong pairs = new AtomicLong();
	private final AtomicLong sorted = new AtomicLong();
	private final AtomicLong tokens = new AtomicLong();

	@Override
	public String inspect(String sql) {
		if (sql.startsWith(JOINED) && (sql.contains(TARGET_IS) || sql.contains(TARGET_AMONG))) {
			everything.incrementAndGet();
			return FROM_LINKS + BY_TARGET + sql.substring(FROM_LINKS.length());
		}
		sql = tokensByResource(sql);
		if (sql.startsWith(RESOURCES_THEN_LINKS) && sql.contains(WHERE_TARGET_IS)) {
			sorted.incrementAndGet();
			return LINKS_THEN_RESOURCES + sql.substring(RESOURCES_THEN_LINKS.length());
		}
		if (sql.startsWith("select") && sql.contains(".RES_TYPE=? and ")) {
			return typeAndIdPairs(sql);
		}
		return sql;
	}

	/**
	 * A search naming one referenced resource ({@code (tN.TARGET_RESOURCE_ID = ?)}): its criteria on codes (one or
	 * several, with or without a system) are read by the resource's id.
	 */
	private String tokensByResource(String sql) {
		if (!sql.startsWith(FROM_RESOURCES) || !namesOneTarget(sql)) {
			return sql;
		}
		Matcher token = TOKEN_OF_RESOURCE.matcher(sql);
		StringBuilder planned = new StringBuilder();
		boolean changed = false;
		while (token.find()) {
			String alias = token.group(1);
			String join = token.group();
			if (namesCodes(sql, alias)) {
				join = join.replace(" " + alias + " ON ", " " + alias + BY_RESOURCE + " ON ");
				changed = true;
			}
			token.appendReplacement(planned, Matcher.quoteReplacement(join));
		}
		token.appendTail(planned);
		if (changed) {
			tokens.incrementAndGet();
		}
		return planned.toString();
	}

	private static boolean namesCodes(String sql, String alias) {
		for (String column : CODE_COLUMNS) {
			String criterion = "(" + alias + "." + column;
			if (sql.contains(criterion + " = ?)") || sql.contains(criterion + " IN (")) {
				return true;
			}
		}
		return false;
	}

	private static boolean namesOneTarget(String sql) {
		Matcher link = LINK_OF_RESOURCE.matcher(sql);
		while (link.find()) {
			if (sql.contains("(" + link.group(1) + ".TARGET_RESOURCE_ID = ?)")) {
				return true;
			}
		}
		return false;
	}

	private String typeAndIdPairs(String sql) {
		Matcher matcher = TYPE_AND_ID_PAIRS.matcher(sql);
		if (!matcher.find()) {
			return sql;
		}
		String alias = matcher.group(1);
		int count = 1 + countOf(matcher.group(2), ONE_MORE_PAIR);
		String rows = "((" + alias + ".RES_TYPE," + alias + ".FHIR_ID) in ("
				+ String.join(",", Collections.nCopies(count, "(?,?)")) + "))";
		pairs.incrementAndGet();
		return sql.substring(0, matcher.start()) + rows + sql.substring(matcher.end());
	}

	private static int countOf(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

	/** How many patients' {@code $everything} queries were given the index (for tests: HAPI's query still matches). */
	long everythingPlanned() {
		return everything.get();
	}

	/** How many look-ups by (type, id) pairs were turned into row-value lists (for tests, as above). */
	long pairsPlanned() {
		return pairs.get();
	}

	/** How many sorted searches by reference were told to start from the links (for tests, as above). */
	long sortedPlanned() {
		return sorted.get();
	}

	/** How many searches by one reference had their codes read by resource (for tests, as above). */
	long tokensPlanned() {
		return tokens.get();
	}
}
