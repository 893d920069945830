package uk.concord.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import uk.concord.security.PatientsOf;

/**
 * The Basic Audit Log Patterns records of every read, search and write, made by {@link BalpRecords} in the shape of
 * HAPI's {@code BalpAuditCaptureInterceptor} (without the cost of its narrative). As in BALP, a search or read makes
 * one record per patient whose data it showed, or one record naming no patient when it showed none's; a write makes
 * one record naming every patient whose record it is in.
 */
@Interceptor
class BalpCapture {

	private final IBalpAuditEventSink trail;
	private final AuditDetails details;
	private final BalpRecords records;

	BalpCapture(IBalpAuditEventSink trail, AuditDetails details) {
		this.trail = trail;
		this.details = details;
		this.records = new BalpRecords(details);
	}

	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	public void shown(IPreResourceShowDetails shown, ServletRequestDetails request) {
		if (request == null || request.getRestOperationType() == null) {
			return;
		}
		switch (request.getRestOperationType()) {
			case SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE -> searched(shown, request);
			case READ, VREAD -> read(shown, request);
			default -> {
				// operations and history: OperationAudit
			}
		}
	}

	private void searched(IPreResourceShowDetails shown, ServletRequestDetails request) {
		Set<String> patients = new TreeSet<>();
		shown.getAllResources().forEach(resource -> patients.addAll(PatientsOf.resource(request.getFhirContext(), resource)));
		recordPerPatient(patients, patient -> records.query(request, patient));
	}

	private void read(IPreResourceShowDetails shown, ServletRequestDetails request) {
		IBaseResource resource = shown.size() == 1 ? shown.getResource(0) : null;
		if (resource == null) {
			return; // refused, or hidden: nothing was shown
		}
		String named = details.massageResourceIdForStorage(request, resource, resource.getIdElement());
		recordPerPatient(PatientsOf.resource(request.getFhirContext(), resource), patient -> records.read(request, named, patient));
	}

	/** One record for each patient, in order, or one naming no patient (null) when there are none. */
	private void recordPerPatient(Set<String> patients, Function<String, AuditEvent> record) {
		if (patients.isEmpty()) {
			trail.recordAuditEvent(record.apply(null));
		}
		new TreeSet<>(patients).forEach(patient -> trail.recordAuditEvent(record.apply(patient)));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, ServletRequestDetails request) {
		written(resource, request, BalpProfileEnum.BASIC_CREATE, BalpProfileEnum.PATIENT_CREATE);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, ServletRequestDetails request) {
		written(resource, request, BalpProfileEnum.BASIC_UPDATE, BalpProfileEnum.PATIENT_UPDATE);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource, ServletRequestDetails request) {
		written(resource, request, BalpProfileEnum.BASIC_DELETE, BalpProfileEnum.PATIENT_DELETE);
	}

	private void written(IBaseResource resource, ServletRequestDetails request, BalpProfileEnum basic,
			BalpProfileEnum withPatients) {
		String named = details.massageResourceIdForStorage(request, resource, resource.getIdElement());
		trail.recordAuditEvent(records.written(request, basic, withPatients, named,
				PatientsOf.resource(request.getFhirContext(), resource)));
	}
}
