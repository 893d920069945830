package ca.uhn.fhir.storage.interceptor.balp;

import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;

/** The records HAPI's own BALP interceptor makes of a read or search (its hook is package-private), for comparison. */
public final class HapiBalpRecords {

	private HapiBalpRecords() {}

	public static List<AuditEvent> of(IBalpAuditContextServices details, IPreResourceShowDetails shown,
			ServletRequestDetails request) {
		List<AuditEvent> records = new ArrayList<>();
		new BalpAuditCaptureInterceptor(records::add, details).hookStoragePreShowResources(shown, request);
		return records;
	}
}
