package uk.concord.security;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Narrows every search of a {@code patient/} or {@code user/} caller to the Patient compartments it may reach, so
 * results, counts ({@code _summary=count}, {@code _total}) and paging only ever cover those patients. Break-glass
 * searches of care plans and flags are the exception: they must name one patient, and the authorisation rules then
 * let through only that patient's emergency care plan and alerts.
 */
class CareRelationshipNarrowing extends SearchNarrowingInterceptor {

	private static final Logger log = LoggerFactory.getLogger("concord.break-glass");

	private final ReachablePatients reachable;
	private final PatientsNamedByIdentifier named;

	CareRelationshipNarrowing(ReachablePatients reachable, PatientsNamedByIdentifier named) {
		this.reachable = reachable;
		this.named = named;
	}

	@Override
	public void hookIncomingRequestPostProcessed(
			RequestDetails request, HttpServletRequest servletRequest, HttpServletResponse servletResponse) {
		BreakGlass.checkReasonSaysWhy(request);
		Caller caller = Caller.of(request);
		if (caller.isBreakingGlass()) {
			log.warn("Break-glass by client {} user {} organisation {}: {} {} reason: {}", caller.clientId(),
					caller.fhirUser(), caller.organisation(), request.getRequestType(), request.getRequestPath(),
					caller.breakGlassReason());
			if (BreakGlass.TYPES.contains(request.getResourceName())) {
				BreakGlass.checkNamesOnePatient(request);
			}
		}
		if (request.getRestOperationType() == RestOperationTypeEnum.SEARCH_SYSTEM) {
			// HAPI's narrowing cannot narrow a search across all types; only system callers may make one
			if (!caller.isSystem() && !caller.isInternal()) {
				throw new ForbiddenOperationException("Searching across all resource types needs a system/ scope");
			}
			return;
		}
		super.hookIncomingRequestPostProcessed(request, servletRequest, servletResponse);
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		Caller caller = Caller.of(request);
		if (caller.isInternal() || !(caller.isPatient() || caller.isOrganisationUser())) {
			return null;
		}
		if (caller.isBreakingGlass() && BreakGlass.TYPES.contains(request.getResourceName())) {
			return null;
		}
		Set<String> compartments = reachable.of(caller, request);
		Optional<Set<String>> namedPatients = named.in(request);
		if (namedPatients.isPresent()) {
			Set<String> both = new TreeSet<>(namedPatients.get());
			both.retainAll(compartments);
			// None of the named patients is reachable: the search can find nothing within any reachable compartment,
			// so one of them will do (an unreachable one would be refused by the authorisation rules instead).
			compartments = both.isEmpty() ? Set.of(new TreeSet<>(compartments).first()) : both;
		}
		return new AuthorizedList().addCompartments(compartments.toArray(String[]::new));
	}
}
