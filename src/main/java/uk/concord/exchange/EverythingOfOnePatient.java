package uk.concord.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import uk.concord.security.PatientsOf;

/**
 * {@code Patient/[id]/$everything} answers with that patient's records only. HAPI adds every resource the patient's
 * records refer to; when one of them is another patient's record (a care plan naming another patient's care team),
 * it is left out here, on every page, before authorisation sees it (which would otherwise refuse the whole page to
 * anyone who may not see that other patient). Later pages are fetched by search id alone, so their links carry the
 * patient along ({@value #PATIENT_PARAMETER}); a client that drops it gets only what authorisation allows anyway.
 */
@Interceptor
class EverythingOfOnePatient {

	static final String PATIENT_PARAMETER = "_everything-of";
	private static final List<String> PAGE_LINKS = List.of(Bundle.LINK_NEXT, Bundle.LINK_PREV, "previous");

	private final FhirContext fhir;

	EverythingOfOnePatient(FhirContext fhir) {
		this.fhir = fhir;
	}

	/** Before HAPI's authorisation and consent checks look at the page (they run at the default order, 0). */
	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -100)
	public void leaveOutOtherPatients(RequestDetails request, IPreResourceShowDetails shown) {
		String patient = focalPatient(request);
		if (patient == null) {
			return;
		}
		for (int i = 0; i < shown.size(); i++) {
			IBaseResource resource = shown.getResource(i);
			if (resource != null) {
				Set<String> owners = PatientsOf.resource(fhir, resource);
				if (!owners.isEmpty() && !owners.contains(patient)) {
					shown.setResource(i, null);
				}
			}
		}
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void carryThePatientToLaterPages(RequestDetails request, IBaseResource response) {
		String patient = focalPatient(request);
		if (patient == null || !(response instanceof Bundle bundle)) {
			return;
		}
		for (Bundle.BundleLinkComponent link : bundle.getLink()) {
			if (link.hasRelation() && link.hasUrl() && PAGE_LINKS.contains(link.getRelation())
					&& link.getUrl().contains(Constants.PARAM_PAGINGACTION + "=")
					&& !link.getUrl().contains(PATIENT_PARAMETER + "=")) {
				link.setUrl(link.getUrl() + "&" + PATIENT_PARAMETER + "=" + URLEncoder.encode(patient, StandardCharsets.UTF_8));
			}
		}
	}

	/** {@code Patient/x} for {@code Patient/x/$everything} and its later pages; null for anything else. */
	private static String focalPatient(RequestDetails request) {
		if (request.getRestOperationType() == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
				&& "$everything".equals(request.getOperation()) && "Patient".equals(request.getResourceName())
				&& request.getId() != null && request.getId().hasIdPart()) {
			return "Patient/" + request.getId().getIdPart();
		}
		String[] carried = request.getParameters().get(PATIENT_PARAMETER);
		if (request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE && carried != null && carried.length == 1
				&& carried[0].startsWith("Patient/")) {
			return carried[0];
		}
		return null;
	}
}
