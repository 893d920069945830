package uk.concord.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.springframework.stereotype.Component;

/**
 * Which patients an organisation may see: those with an active care team in which the organisation (by ODS code)
 * takes part, less those whose CareSharingConsent denies sharing with it. Worked out once per request.
 */
@Component
public class CareRelationships {

	private static final String KEY = CareRelationships.class.getName();

	private final DaoRegistry daos;

	CareRelationships(DaoRegistry daos) {
		this.daos = daos;
	}

	/** Patient ids ({@code Patient/x}) the caller's organisation cares for, consent permitting. */
	public Shared sharedWith(String odsCode, RequestDetails request) {
		Object known = request.getUserData().get(KEY);
		if (known instanceof Shared shared) {
			return shared;
		}
		Shared shared = lookUp(odsCode);
		request.getUserData().put(KEY, shared);
		return shared;
	}

	private Shared lookUp(String odsCode) {
		SystemRequestDetails system = new SystemRequestDetails();
		SearchParameterMap teams = SearchParameterMap.newSynchronous()
				.add("participant-organization", new TokenParam(CareSharingConsent.ODS, odsCode))
				.add("status", new TokenParam("active"));
		Set<String> caredFor = new TreeSet<>();
		List<IBaseResource> found = daos.getResourceDao("CareTeam").searchForResources(teams, system);
		found.stream()
				.map(CareTeam.class::cast)
				.filter(CareTeam::hasSubject)
				.map(team -> team.getSubject().getReferenceElement())
				.filter(id -> "Patient".equals(id.getResourceType()) && id.hasIdPart())
				.forEach(id -> caredFor.add("Patient/" + id.getIdPart()));
		Set<String> denied = deniedAmong(caredFor, odsCode, system);
		Set<String> shared = new LinkedHashSet<>(caredFor);
		shared.removeAll(denied);
		return new Shared(Set.copyOf(shared), Set.copyOf(denied));
	}

	/** The patients among these whose consent denies sharing with the organisation. */
	Set<String> deniedAmong(Set<String> patients, String odsCode, SystemRequestDetails system) {
		if (patients.isEmpty()) {
			return Set.of();
		}
		ReferenceOrListParam anyOf = new ReferenceOrListParam();
		patients.forEach(patient -> anyOf.addOr(new ReferenceParam(patient)));
		SearchParameterMap consents = SearchParameterMap.newSynchronous()
				.add("patient", anyOf)
				.add("status", new TokenParam("active"));
		List<IBaseResource> found = daos.getResourceDao("Consent").searchForResources(consents, system);
		Map<String, List<Consent>> byPatient = found.stream()
				.map(Consent.class::cast)
				// a patient's confirmation of a carer says nothing about organisations
				.filter(consent -> !CarerConfirmation.isCarerAccess(consent))
				.collect(Collectors.groupingBy(consent -> "Patient/" + consent.getPatient().getReferenceElement().getIdPart()));
		Date now = new Date();
		OrganisationOdsCodes odsOf = new OrganisationOdsCodes(daos);
		return byPatient.entrySet().stream()
				.filter(entry -> CareSharingConsent.denies(entry.getValue(), odsCode, now, odsOf))
				.map(Map.Entry::getKey)
				.collect(Collectors.toUnmodifiableSet());
	}

	/** Whether the patient's consent denies sharing with the organisation, whether or not it cares for them. */
	public boolean consentDenies(String patient, String odsCode, RequestDetails request) {
		Shared shared = sharedWith(odsCode, request);
		if (shared.patients().contains(patient)) {
			return false;
		}
		return shared.denied().contains(patient)
				|| !deniedAmong(Set.of(patient), odsCode, new SystemRequestDetails()).isEmpty();
	}

	/**
	 * @param patients patients shared with the organisation
	 * @param denied   patients it cares for whose consent denies sharing with it
	 */
	public record Shared(Set<String> patients, Set<String> denied) {}
}
