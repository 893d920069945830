package uk.concord.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import ca.uhn.fhir.util.UrlUtil;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Read, query and write records in the shape of the IHE Basic Audit Log Patterns, as HAPI's
 * {@code BalpAuditCaptureInterceptor} makes them (its profiles, codes and agents, from HAPI's own
 * {@link BalpProfileEnum} and {@link BalpConstants}). Made here because HAPI builds each record's fixed narrative by
 * parsing it with a new XHTML parser, which first loads some 2,200 HTML entities: 14 % of a search page of 50
 * patients, which makes 50 records, and 2 % of a 13-resource transaction, which makes 13 (issue 12). Here the
 * narrative is built as a node.
 */
final class BalpRecords {

	static final String REQUEST_ID_TYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
	static final String REQUEST_ID = "XrequestId";

	private final AuditDetails details;

	BalpRecords(AuditDetails details) {
		this.details = details;
	}

	/** A search; with the patient entity when {@code patient} is not null. */
	AuditEvent query(ServletRequestDetails request, String patient) {
		AuditEvent event = common(request, patient == null ? BalpProfileEnum.BASIC_QUERY : BalpProfileEnum.PATIENT_QUERY);
		AuditEvent.AuditEventEntityComponent query = addEntity(event, BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT,
				BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY, BalpConstants.CS_OBJECT_ROLE_24_QUERY, "Query");
		query.setDescription(request.getRequestType().name() + " " + request.getCompleteUrl());
		query.setQuery(queryString(request).getBytes(StandardCharsets.UTF_8));
		if (patient != null) {
			addPatient(event, patient);
		}
		return event;
	}

	/** A read of {@code resource} (a relative, versioned id); with the patient entity when {@code patient} is not null. */
	AuditEvent read(ServletRequestDetails request, String resource, String patient) {
		return about(request, patient == null ? BalpProfileEnum.BASIC_READ : BalpProfileEnum.PATIENT_READ, resource,
				patient == null ? Set.of() : Set.of(patient));
	}

	/**
	 * A create, update or delete of {@code resource} (its id as stored): one record naming every patient whose record
	 * it is in, with {@code basic}'s profile when there is none, else {@code withPatients}'.
	 */
	AuditEvent written(ServletRequestDetails request, BalpProfileEnum basic, BalpProfileEnum withPatients,
			String resource, Set<String> patients) {
		return about(request, patients.isEmpty() ? basic : withPatients, resource, new TreeSet<>(patients));
	}

	private AuditEvent about(ServletRequestDetails request, BalpProfileEnum profile, String resource,
			Set<String> patients) {
		AuditEvent event = common(request, profile);
		addEntity(event, BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT,
				BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY, BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE,
				BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE_DISPLAY).getWhat().setReference(resource);
		patients.forEach(patient -> addPatient(event, patient));
		return event;
	}

	private AuditEvent common(ServletRequestDetails request, BalpProfileEnum profile) {
		RestOperationTypeEnum operation = request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE
				? RestOperationTypeEnum.SEARCH_TYPE
				: request.getRestOperationType();
		String base = request.getFhirServerBase();
		String address = details.getNetworkAddress(request);
		AuditEvent event = new AuditEvent();
		event.getMeta().addProfile(profile.getProfileUrl());
		event.getText().setDiv(narrative()).setStatus(Narrative.NarrativeStatus.GENERATED);
		event.getType().setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE).setCode("rest").setDisplay("Restful Operation");
		event.addSubtype().setSystem(BalpConstants.CS_RESTFUL_INTERACTION)
				.setCode(operation.getCode()).setDisplay(operation.getCode());
		event.setAction(profile.getAction());
		event.setOutcome(AuditEvent.AuditEventOutcome._0);
		event.setRecorded(new Date());
		event.getSource().getObserver().setDisplay(base);

		AuditEvent.AuditEventAgentComponent client = event.addAgent();
		client.setWho(details.getAgentClientWho(request)).getType().addCoding(profile.getAgentClientTypeCoding().copy());
		client.getWho().setDisplay(address);
		client.getNetwork().setAddress(address).setType(details.getNetworkAddressType(request));
		client.setRequestor(false);

		AuditEvent.AuditEventAgentComponent server = event.addAgent();
		server.getType().addCoding(profile.getAgentServerTypeCoding().copy());
		server.getWho().setDisplay(base);
		server.getNetwork().setAddress(base);
		server.setRequestor(false);

		AuditEvent.AuditEventAgentComponent user = event.addAgent();
		user.getType().addCoding(
				new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"));
		user.setWho(details.getAgentUserWho(request));
		user.setRequestor(true);

		AuditEvent.AuditEventEntityComponent transaction = event.addEntity();
		transaction.getType().setSystem(REQUEST_ID_TYPE).setCode(REQUEST_ID);
		transaction.getWhat().getIdentifier().setValue(request.getRequestId());
		return event;
	}

	private static void addPatient(AuditEvent event, String patient) {
		addEntity(event, BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON, BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON_DISPLAY,
				BalpConstants.CS_OBJECT_ROLE_1_PATIENT, BalpConstants.CS_OBJECT_ROLE_1_PATIENT_DISPLAY)
				.getWhat().setReference(patient);
	}

	/** An entity with its audit-entity-type and object-role codes. */
	private static AuditEvent.AuditEventEntityComponent addEntity(AuditEvent event, String type, String typeDisplay,
			String role, String roleDisplay) {
		AuditEvent.AuditEventEntityComponent entity = event.addEntity();
		entity.getType().setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE).setCode(type).setDisplay(typeDisplay);
		entity.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE).setCode(role).setDisplay(roleDisplay);
		return entity;
	}

	/** The search as BALP writes it: the base, the path, and each parameter value, escaped. */
	private static String queryString(ServletRequestDetails request) {
		StringBuilder query = new StringBuilder(request.getFhirServerBase()).append('/').append(request.getRequestPath());
		char separator = '?';
		for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
			for (String value : parameter.getValue()) {
				query.append(separator).append(UrlUtil.escapeUrlParam(parameter.getKey()))
						.append('=').append(UrlUtil.escapeUrlParam(value));
				separator = '&';
			}
		}
		return query.toString();
	}

	private static XhtmlNode narrative() {
		XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
		div.addText("Audit Event");
		return div;
	}
}
