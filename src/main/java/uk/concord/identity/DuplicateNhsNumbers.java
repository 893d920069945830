package uk.concord.identity;

import ca.uhn.fhir.jpa.model.util.SearchParamHash;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.concord.record.Vocabulary;

/**
 * Finds Patients that share an NHS Number, stored before the NHS Number was unique (or restored from such a backup).
 * The server still starts: the unique index is built for every other patient, each such group is logged at start-up
 * by resource id (never by NHS Number: logs are not the place for identifiers), and an operator merges each group with
 * {@code Patient/$merge} (README, "Duplicate patients"). Until then, a change to one of them that keeps the shared
 * NHS Number is refused like any other duplicate.
 */
class DuplicateNhsNumbers {

	private static final Logger log = LoggerFactory.getLogger(DuplicateNhsNumbers.class);

	// HAPI's token index (HFJ_SPIDX_TOKEN): one row per identifier of each current, undeleted resource; and its unique
	// index (HFJ_IDX_CMP_STRING_UNIQ), which holds the NHS Number for at most one of them once it is built. The rows
	// are found by HAPI's hash of (Patient, identifier) and the system, which its index IDX_SP_TOKEN_HASH_V2 holds with
	// the value and resource: by type and name H2 walked every token of every resource, 3.5 s of each start at 20,000
	// patients (bench/RESULTS.md run 51).
	private static final String SHARED = """
			select t.SP_VALUE, r.FHIR_ID, case when exists (select 1 from HFJ_IDX_CMP_STRING_UNIQ u
			  where u.RES_ID = r.RES_ID) then 1 else 0 end
			from HFJ_SPIDX_TOKEN t join HFJ_RESOURCE r on r.RES_ID = t.RES_ID
			where t.HASH_IDENTITY = ? and t.SP_SYSTEM = ? and t.SP_VALUE in (
			  select d.SP_VALUE from HFJ_SPIDX_TOKEN d
			  where d.HASH_IDENTITY = ? and d.SP_SYSTEM = ?
			  group by d.SP_VALUE having count(distinct d.RES_ID) > 1)
			order by r.FHIR_ID""";
	/** HAPI's hash of the Patient's identifier parameter, as it indexes it on a server without partitions. */
	private static final long PATIENT_IDENTIFIER = SearchParamHash.hashSearchParam("Patient", "identifier");

	private final JdbcTemplate jdbc;

	DuplicateNhsNumbers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Groups of Patient ids ({@code Patient/x}, the one the unique index holds marked as the one to keep) that share
	 * one NHS Number; empty when every NHS Number is unique.
	 */
	List<List<String>> groups() {
		Map<String, List<String>> byNumber = new TreeMap<>();
		jdbc.query(SHARED, row -> {
			byNumber.computeIfAbsent(row.getString(1), n -> new java.util.ArrayList<>())
					.add("Patient/" + row.getString(2) + (row.getInt(3) == 1 ? " (indexed: keep this one)" : ""));
		}, PATIENT_IDENTIFIER, Vocabulary.NHS_NUMBER, PATIENT_IDENTIFIER, Vocabulary.NHS_NUMBER);
		return List.copyOf(byNumber.values());
	}

	void report() {
		List<List<String>> groups = groups();
		if (groups.isEmpty()) {
			return;
		}
		log.warn("{} NHS Numbers are each held by more than one Patient (stored before NHS Numbers were unique). "
				+ "Until they are merged, changes to these patients that keep the shared NHS Number are refused. "
				+ "Merge each group with POST [base]/Patient/$merge (source-patient = the duplicate, target-patient = "
				+ "the record to keep; README \"Duplicate patients\"), keeping the one marked indexed, or either where "
				+ "none is marked yet (the reindex job builds the index in the background): {}",
				groups.size(), groups.stream().map(g -> String.join(" = ", g)).collect(Collectors.joining("; ")));
	}
}
