package uk.concord.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Date;
import java.util.function.BiPredicate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.springframework.stereotype.Component;
import uk.concord.server.StoredResources;

/**
 * Which patients an organisation may see: those with an active care team in which the organisation (by ODS code)
 * takes part, less those whose CareSharingConsent denies sharing with it. Working it out reads every care team the
 * organisation is in and every active consent, so the answer is kept across requests and used again only while it
 * is certainly still right: no CareTeam, Consent or Organization written since, on any node
 * ({@link StoredResources#versionsOf}), and no consent period started or ended since. Each request asks once.
 */
@Component
public class CareRelationships {

	private static final String KEY = CareRelationships.class.getName();
	/** What the answer is made of: care teams, the consents, and the Organizations consents name as actors. */
	private static final List<String> MADE_OF = List.of("CareTeam", "Consent", "Organization");

	private final DaoRegistry daos;
	private final StoredResources stored;
	/** Per ODS code; as many entries as organisations with clinicians signed in. */
	private final Map<String, Known> known = new ConcurrentHashMap<>();
	private final Map<String, Object> lookingUp = new ConcurrentHashMap<>();

	CareRelationships(DaoRegistry daos, StoredResources stored) {
		this.daos = daos;
		this.stored = stored;
	}

	/** Patient ids ({@code Patient/x}) the caller's organisation cares for, consent permitting. */
	public Shared sharedWith(String odsCode, RequestDetails request) {
		// per organisation: one request may ask for more than one
		return (Shared) request.getUserData().computeIfAbsent(KEY + "|" + odsCode, key -> current(odsCode));
	}

	private Shared current(String odsCode) {
		// counted before looking up: a write committed meanwhile makes the next request look again
		long version = stored.versionsOf(MADE_OF);
		Known kept = known.get(odsCode);
		if (kept != null && kept.stillRight(version, new Date())) {
			return kept.shared();
		}
		// one look-up per organisation at a time: requests arriving meanwhile wait for it and use its answer
		synchronized (lookingUp.computeIfAbsent(odsCode, code -> new Object())) {
			Date now = new Date();
			kept = known.get(odsCode);
			if (kept != null && kept.stillRight(version, now)) {
				return kept.shared();
			}
			Known fresh = lookUp(odsCode, version, now);
			known.put(odsCode, fresh);
			return fresh.shared();
		}
	}

	private Known lookUp(String odsCode, long version, Date now) {
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
		List<Consent> consents = activeConsentsAmong(caredFor, system);
		Set<String> denied = deniedBy(consents, odsCode, now);
		Set<String> shared = new LinkedHashSet<>(caredFor);
		shared.removeAll(denied);
		return new Known(new Shared(Set.copyOf(shared), Set.copyOf(denied)), version,
				CareSharingConsent.nextChange(consents, now));
	}

	/**
	 * The active consents of the patients an organisation cares for: every active consent, kept for those patients. A
	 * search naming the patients ({@code patient=a,b,...}) would be the obvious query, but H2 answers a long list of
	 * references by comparing every link row with each of them: a practice's look-up took 208 s in a database of 1,000
	 * patients (bench/RESULTS.md, run 16), and every clinician of the practice waited for it after any care team or
	 * consent was written. One index look-up of the status and a pass over what it finds grows with the consents
	 * stored instead.
	 */
	private List<Consent> activeConsentsAmong(Set<String> patients, SystemRequestDetails system) {
		if (patients.isEmpty()) {
			return List.of();
		}
		return activeConsents(SearchParameterMap.newSynchronous(), system).stream()
				.filter(consent -> patients.contains("Patient/" + consent.getPatient().getReferenceElement().getIdPart()))
				.toList();
	}

	/** One patient's active consents. */
	private List<Consent> activeConsentsOf(String patient, SystemRequestDetails system) {
		return activeConsents(SearchParameterMap.newSynchronous().add("patient", new ReferenceParam(patient)), system);
	}

	private List<Consent> activeConsents(SearchParameterMap search, SystemRequestDetails system) {
		List<IBaseResource> found = daos.getResourceDao("Consent")
				.searchForResources(search.add("status", new TokenParam("active")), system);
		return found.stream().map(Consent.class::cast).toList();
	}

	/** The patients whose consents among these deny sharing with the organisation. */
	private Set<String> deniedBy(List<Consent> consents, String odsCode, Date now) {
		Map<String, List<Consent>> byPatient = consents.stream()
				.collect(Collectors.groupingBy(consent -> "Patient/" + consent.getPatient().getReferenceElement().getIdPart()));
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
		if (shared.denied().contains(patient)) {
			return true;
		}
		Date now = new Date();
		return !deniedBy(activeConsentsOf(patient, new SystemRequestDetails()), odsCode, now).isEmpty();
	}

	/**
	 * A reader of consents already at hand (one patient's active Consents each time): whether they deny sharing with an
	 * organisation now, by the rule the searches apply. Remembers the organisations it looked up; for one report.
	 */
	public BiPredicate<List<Consent>, String> consentReader() {
		Date now = new Date();
		OrganisationOdsCodes odsOf = new OrganisationOdsCodes(daos);
		return (consents, odsCode) -> CareSharingConsent.denies(consents, odsCode, now, odsOf);
	}

	/**
	 * @param patients patients shared with the organisation
	 * @param denied   patients it cares for whose consent denies sharing with it
	 */
	public record Shared(Set<String> patients, Set<String> denied) {}

	/** An answer, the stored versions it was worked out from, and when a consent period next changes it (if one does). */
	private record Known(Shared shared, long version, Optional<Date> until) {

		/** Nothing it was made of written since (stored versions only grow), and no consent period changed. */
		boolean stillRight(long currentVersion, Date now) {
			return version >= currentVersion && until.map(now::before).orElse(true);
		}
	}
}
