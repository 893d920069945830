package uk.concord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Date;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import uk.concord.security.PatientsOf;

/**
 * An AuditEvent for a REST request BALP does not record itself (operations, history, refusals), in the same shape:
 * the client and user agents, the request as a query entity, and each patient whose data it touched.
 */
final class RestAuditEvent {

	private static final Coding PATIENT_ROLE = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient");
	private static final Coding QUERY_ROLE = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query");

	private RestAuditEvent() {}

	static AuditEvent of(RequestDetails request, AuditDetails details, AuditEvent.AuditEventOutcome outcome) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
		if (operation != null) {
			event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", operation.getCode(), null));
		}
		if (request.getOperation() != null) {
			event.addSubtype(new Coding("https://fhir.concord.org.uk/CodeSystem/operation", request.getOperation(), null));
		}
		event.setAction(action(request));
		event.setRecorded(new Date());
		event.setOutcome(outcome);
		event.getSource().setObserver(new Reference().setDisplay("Concord"));
		event.addAgent().setWho(details.getAgentClientWho(request)).setRequestor(false);
		event.addAgent().setWho(details.getAgentUserWho(request)).setRequestor(true)
				.getNetwork().setAddress(details.getNetworkAddress(request))
				.setType(details.getNetworkAddressType(request));
		event.addEntity().setRole(QUERY_ROLE)
				.setQuery(request.getCompleteUrl().getBytes(StandardCharsets.UTF_8));
		if (request.getId() != null && request.getId().hasIdPart() && request.getId().hasResourceType()) {
			event.addEntity().setWhat(new Reference(request.getId().toUnqualifiedVersionless().getValue()));
		}
		return event;
	}

	/** Adds each patient the resources belong to. */
	static void addPatients(AuditEvent event, Collection<IBaseResource> resources, FhirContext fhir) {
		Set<String> patients = new TreeSet<>();
		resources.forEach(resource -> patients.addAll(PatientsOf.resource(fhir, resource)));
		patients.forEach(patient -> event.addEntity().setWhat(new Reference(patient)).setRole(PATIENT_ROLE));
	}

	private static AuditEventAction action(RequestDetails request) {
		return switch (request.getRequestType()) {
			case POST -> request.getRestOperationType() == RestOperationTypeEnum.CREATE
					? AuditEventAction.C
					: AuditEventAction.E;
			case PUT, PATCH -> AuditEventAction.U;
			case DELETE -> AuditEventAction.D;
			default -> AuditEventAction.R;
		};
	}
}
