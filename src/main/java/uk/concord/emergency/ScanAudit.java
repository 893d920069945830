package uk.concord.emergency;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * Every scan of an emergency card is audited as a break-glass access (purpose of use BTG): who scanned cannot be
 * known, so the record keeps the address the request came from and the browser's user agent, with the patient and
 * the card. The patient (or whoever may read their record) lists them.
 */
class ScanAudit {

	static final String SUBTYPE_SYSTEM = "https://fhir.concord.org.uk/CodeSystem/audit-event-subtype";
	static final String SCAN = "emergency-card-scan";
	static final Coding BREAK_GLASS =
			new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "BTG", "break the glass");
	static final String USER_AGENT = "user-agent";
	private static final int MAX_USER_AGENT = 500;

	private final IBalpAuditEventSink trail;
	private final DaoRegistry daos;

	ScanAudit(IBalpAuditEventSink trail, DaoRegistry daos) {
		this.trail = trail;
		this.daos = daos;
	}

	void scanned(EmergencyCards.Card card, String address, String userAgent) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"));
		event.addSubtype(new Coding(SUBTYPE_SYSTEM, SCAN, "Emergency card scanned"));
		event.setAction(AuditEvent.AuditEventAction.R);
		event.setRecorded(new Date());
		event.setOutcome(AuditEvent.AuditEventOutcome._0);
		event.addPurposeOfEvent(new CodeableConcept(BREAK_GLASS.copy()).setText("Emergency card scanned"));
		event.getSource().setObserver(new Reference().setDisplay("Concord"));
		event.addAgent()
				.setRequestor(true)
				.setWho(new Reference().setDisplay("Unknown person holding the emergency card"))
				.addPurposeOfUse(new CodeableConcept(BREAK_GLASS.copy()).setText("Emergency card scanned"))
				.getNetwork()
				.setAddress(address)
				.setType(AuditEvent.AuditEventAgentNetworkType._2);
		event.addEntity()
				.setWhat(new Reference("Patient/" + card.patientId()))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
		AuditEvent.AuditEventEntityComponent scanned = event.addEntity()
				.setWhat(new Reference("Basic/" + card.id()))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "13", "Security Resource"))
				.setDescription("Emergency card");
		if (userAgent != null && !userAgent.isBlank()) {
			String clean = userAgent.replaceAll("\\p{Cntrl}", " ");
			scanned.addDetail()
					.setType(USER_AGENT)
					.setValue(new org.hl7.fhir.r4.model.StringType(
							clean.length() > MAX_USER_AGENT ? clean.substring(0, MAX_USER_AGENT) : clean));
		}
		trail.recordAuditEvent(event);
	}

	/** One page of the patient's card scans, newest first, with how many there are in all. */
	Page of(String patientId, int offset, int count) {
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add(AuditEvent.SP_PATIENT, new ReferenceParam("Patient/" + patientId))
				.add(AuditEvent.SP_SUBTYPE, new TokenParam(SUBTYPE_SYSTEM, SCAN));
		search.setSort(new SortSpec(AuditEvent.SP_DATE, SortOrderEnum.DESC));
		search.setOffset(offset);
		search.setCount(count);
		IBundleProvider found = daos.getResourceDao(AuditEvent.class).search(search, new SystemRequestDetails());
		List<AuditEvent> scans = found.getResources(0, count).stream().map(AuditEvent.class::cast).toList();
		return new Page(scans, found.size());
	}

	record Page(List<AuditEvent> scans, int total) {}
}
