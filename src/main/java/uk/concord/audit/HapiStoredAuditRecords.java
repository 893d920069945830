package uk.concord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries audit records that HAPI stored in its own tables (before {@link AuditStore} existed) into the audit store,
 * once, at start-up, keeping their ids and times, so that an upgraded server still finds every record it made. The
 * originals stay in HAPI's tables, out of reach (the AuditEvent DAO no longer reads them).
 */
final class HapiStoredAuditRecords {

	private static final Logger log = LoggerFactory.getLogger(HapiStoredAuditRecords.class);
	private static final int PAGE = 500;

	private final AuditEventDao dao;
	private final AuditStore store;
	private final AuditIndexValues index;
	private final IParser json;

	HapiStoredAuditRecords(AuditEventDao dao, AuditStore store, AuditIndexValues index, FhirContext fhir) {
		this.dao = dao;
		this.store = store;
		this.index = index;
		this.json = fhir.newJsonParser().setStripVersionsFromReferences(false);
	}

	void carryOver() {
		if (store.carriedOver()) {
			return;
		}
		int carried = 0;
		int page = PAGE;
		Date from = new Date(0);
		Set<String> atFrom = new HashSet<>(); // carried, last updated at exactly {@code from}
		while (true) {
			List<IBaseResource> found = dao.hapiStored(from, page);
			int before = carried;
			for (IBaseResource resource : found) {
				AuditEvent record = (AuditEvent) resource;
				String id = record.getIdElement().getIdPart();
				Date updated = record.getMeta().getLastUpdated();
				if (updated.equals(from) && atFrom.contains(id)) {
					continue;
				}
				if (updated.after(from)) {
					from = updated;
					atFrom.clear();
				}
				atFrom.add(id);
				carry(id, record);
				carried++;
			}
			if (found.size() < page) {
				break;
			}
			// a whole page last updated in one millisecond, all carried already: look at more of them at once
			page = carried == before ? page * 2 : PAGE;
		}
		store.markCarriedOver();
		if (carried > 0) {
			log.info("Carried {} audit records over from HAPI's tables into the audit store", carried);
		}
	}

	private void carry(String id, AuditEvent record) {
		long stored = record.getMeta().getLastUpdated().getTime();
		long recorded = record.hasRecorded() ? record.getRecorded().getTime() : stored;
		record.setId((String) null);
		record.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
		store.appendWithId(id, stored, new AuditStore.NewRecord(recorded, json.encodeResourceToString(record),
				index.of(record)));
	}
}
