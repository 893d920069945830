package uk.concord.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.BundleUtil;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * What BALP leaves out: operations ({@code $everything}, {@code $summary}, {@code $match}, ...), history, and
 * searches that found nothing (BALP records a search by what it showed). Each such request becomes one AuditEvent
 * naming every patient whose data the answer held.
 */
@Interceptor
class OperationAudit {

	private static final Set<RestOperationTypeEnum> AUDITED = EnumSet.of(
			RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE,
			RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
			RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
			RestOperationTypeEnum.HISTORY_INSTANCE,
			RestOperationTypeEnum.HISTORY_TYPE,
			RestOperationTypeEnum.HISTORY_SYSTEM);

	private final AuditTrail trail;
	private final AuditDetails details;

	OperationAudit(AuditTrail trail, AuditDetails details) {
		this.trail = trail;
		this.details = details;
	}

	private static boolean isEmptySearch(RequestDetails request, IBaseResource response) {
		return request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
				&& response instanceof IBaseBundle bundle
				&& BundleUtil.toListOfResources(request.getFhirContext(), bundle).isEmpty();
	}

	/** Never holds the response back. */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean answered(RequestDetails request, IBaseResource response) {
		if (!(request instanceof ServletRequestDetails)
				|| !(AUDITED.contains(request.getRestOperationType()) || isEmptySearch(request, response))) {
			return true;
		}
		AuditEvent event = RestAuditEvent.of(request, details, AuditEvent.AuditEventOutcome._0);
		List<IBaseResource> resources = response instanceof IBaseBundle bundle
				? BundleUtil.toListOfResources(request.getFhirContext(), bundle)
				: response == null ? List.of() : List.of(response);
		RestAuditEvent.addPatients(event, resources, request.getFhirContext());
		trail.recordAuditEvent(event);
		return true;
	}
}
