package uk.concord.server;

import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Makes H2 answer a patient's {@code $everything} from that patient's links alone. HAPI asks for the resources that
 * link to the patient, ordered by their id. H2's planner, pricing that order, walks every stored resource (audit
 * records included) and joins each one's links, so one patient's {@code $everything} grew with the whole database:
 * 12,450 resources walked for a patient with 744 links, in a 60-patient benchmark database. Naming HAPI's index on the
 * link's target makes H2 start from the patient's links. Only HAPI's query for one or more given patients is changed;
 * PostgreSQL plans it well and does not get this inspector.
 */
final class H2PatientEverythingPlan implements StatementInspector {

	/** HAPI 8.8.0's query for the resources linking to a patient (SearchBuilder's $everything query). */
	private static final String FROM_LINKS = "SELECT DISTINCT t0.SRC_RESOURCE_ID FROM HFJ_RES_LINK t0";
	private static final String JOINED = FROM_LINKS
			+ " INNER JOIN HFJ_RESOURCE t1 ON (t0.SRC_RESOURCE_ID = t1.RES_ID) WHERE ";
	/** HAPI's index on (TARGET_RESOURCE_ID, SRC_PATH, SRC_RESOURCE_ID, ...) of the links table. */
	private static final String BY_TARGET = " USE INDEX (IDX_RL_TGT_V2)";
	private static final String TARGET_IS = "t0.TARGET_RESOURCE_ID = ?";
	private static final String TARGET_AMONG = "t0.TARGET_RESOURCE_ID IN (";

	private final AtomicLong planned = new AtomicLong();

	@Override
	public String inspect(String sql) {
		if (!sql.startsWith(JOINED) || !(sql.contains(TARGET_IS) || sql.contains(TARGET_AMONG))) {
			return sql;
		}
		planned.incrementAndGet();
		return FROM_LINKS + BY_TARGET + sql.substring(FROM_LINKS.length());
	}

	/** How many of HAPI's queries were given the index so far (for tests: the query shape still matches HAPI's). */
	long planned() {
		return planned.get();
	}
}
