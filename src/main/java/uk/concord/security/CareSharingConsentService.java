package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's consent interceptor asks this, for each resource about to be shown to a clinician's organisation, whether the
 * patient's CareSharingConsent lets that organisation see it. Patients and system callers are not subject to
 * organisation consent ({@link #appliesTo}); nor is break-glass, which exists for emergencies.
 */
@Interceptor
class CareSharingConsentService implements IConsentService {

	private final CareRelationships relationships;
	private final FhirContext fhir;

	CareSharingConsentService(CareRelationships relationships, FhirContext fhir) {
		this.relationships = relationships;
		this.fhir = fhir;
	}

	/** Whether consent is checked for this request: for a clinician's organisation, except when breaking the glass. */
	static boolean appliesTo(Caller caller, RequestDetails request) {
		return caller.isOrganisationUser() && !caller.isBreakingGlass();
	}

	/**
	 * Marks requests consent does not apply to, before HAPI's consent interceptor looks at them. Where it applies,
	 * every record is checked, counting included: a total would count the records consent withholds, so
	 * {@code _total} is set aside (FHIR lets a server leave the total out; HAPI's consent interceptor clears totals).
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void skipWhereNotApplicable(RequestDetails request) {
		if (!appliesTo(Caller.of(request), request)) {
			ConsentInterceptor.skipAllConsentForRequest(request);
		} else if (request.getParameters().containsKey(Constants.PARAM_SEARCH_TOTAL_MODE)) {
			request.removeParameter(Constants.PARAM_SEARCH_TOTAL_MODE);
		}
	}

	/**
	 * Checked when resources are shown, not before they are accessed: HAPI's search hands the access check a list that
	 * loads and parses every result when first looked at, and then loads them all again for the page (a GP lookup's
	 * care teams and members were read twice). Shown resources are already loaded; one consent withholds is left out
	 * of the page, and HAPI's consent interceptor clears the total of every bundle it passes.
	 */
	@Override
	public boolean shouldProcessCanSeeResource(RequestDetails request, IConsentContextServices services) {
		return false;
	}

	@Override
	public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices services) {
		return denies(request, resource) ? ConsentOutcome.REJECT : ConsentOutcome.PROCEED;
	}

	/** Whether a patient the resource belongs to has a consent denying the caller's organisation. */
	boolean denies(RequestDetails request, IBaseResource resource) {
		Caller caller = Caller.of(request);
		for (String patient : PatientsOf.resource(fhir, resource)) {
			if (relationships.consentDenies(patient, caller.organisation(), request)) {
				return true;
			}
		}
		return false;
	}
}
