package uk.concord.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import uk.concord.security.CareRelationships.Shared;
import uk.concord.server.SearchInPages;
import uk.concord.server.StoredResources.Mark;
import uk.concord.server.StoredResources.VersionRow;
import uk.concord.record.Vocabulary;

/**
 * Which patients one organisation cares for and which of them deny it by consent, as worked out from the care teams
 * and consents stored at one moment ({@code mark}): in full ({@link #workedOut}), or from an earlier answer and the
 * care teams and consents written since ({@link #after}). Both ask the same searches, so that "takes part in an
 * active care team" and "consent denies" are decided by one rule whichever way the answer is reached.
 *
 * @param teams    active care team ({@code CareTeam/x} id part) → its subject ({@code Patient/y}), for the teams the
 *                 organisation takes part in
 * @param consents active consent (id part) → its patient, for the patients those teams care for
 * @param denied   patients cared for whose consent denies sharing with the organisation
 * @param until    when a consent period among those consents next starts or ends, if one does
 * @param mark     the stored version rows this answer accounts for
 */
record OrganisationCare(String odsCode, Map<String, String> teams, Map<String, String> consents, Set<String> denied,
		Optional<Date> until, Mark mark) {

	/** More written records than this since the last answer are cheaper to work out in full again. */
	static final int AT_MOST_CAUGHT_UP = 200;

	Shared shared() {
		Set<String> patients = new HashSet<>(teams.values());
		patients.removeAll(denied);
		return new Shared(Set.copyOf(patients), denied);
	}

	/** Whether no consent period has started or ended since it was worked out. */
	boolean periodsStillRight(Date now) {
		return until.map(now::before).orElse(true);
	}

	/**
	 * Worked out in full from what is stored; {@code mark} taken before anything is read. The care teams and consents
	 * are read a page at a time ({@link SearchInPages}): in one search each, 20,000 of each took 21 s (run 39).
	 */
	static OrganisationCare workedOut(String odsCode, Mark mark, Date now, DaoRegistry daos, SearchInPages pages) {
		Map<String, String> teams = teamsOf(pages.all("CareTeam", teamSearch(odsCode)));
		Set<String> caredFor = Set.copyOf(teams.values());
		// every active consent, kept for these patients: H2 answers a search naming them (patient=a,b,...) by comparing
		// every link row with each, 208 s for a practice at 1,000 patients (bench/RESULTS.md, run 16)
		List<Consent> consents = caredFor.isEmpty() ? List.of() : pages.all("Consent", activeSearch())
				.stream()
				.map(Consent.class::cast)
				.filter(consent -> caredFor.contains(patientOf(consent)))
				.toList();
		return new OrganisationCare(odsCode, Map.copyOf(teams), idsToPatients(consents),
				deniedBy(consents, odsCode, now, daos), CareSharingConsent.nextChange(consents, now), mark);
	}

	/**
	 * This answer brought up to date with the care teams and consents among {@code rows} (the version rows since
	 * its mark, complete), or empty when it must be worked out in full: an Organization changed (consents name
	 * organisations, whose ODS codes may have changed) or more than {@link #AT_MOST_CAUGHT_UP} records. A new
	 * Organization changes nothing: no consent stored before it can name it, since references are checked as a
	 * consent is written (a consent written with it is among the records written, and read again).
	 */
	Optional<OrganisationCare> after(List<VersionRow> rows, Mark mark, Date now, DaoRegistry daos) {
		if (rows.size() > AT_MOST_CAUGHT_UP
				|| rows.stream().anyMatch(row -> row.type().equals("Organization") && row.version() > 1)) {
			return Optional.empty();
		}
		Set<String> teamIds = idsOf(rows, "CareTeam");
		Set<String> consentIds = idsOf(rows, "Consent");

		Map<String, String> newTeams = new HashMap<>(teams);
		Map<String, String> found = Map.of();
		if (!teamIds.isEmpty()) {
			newTeams.keySet().removeAll(teamIds);
			TokenOrListParam written = new TokenOrListParam(null, teamIds.toArray(String[]::new));
			found = teamsOf(daos.getResourceDao("CareTeam")
					.searchForResources(teamSearch(odsCode).add("_id", written), new SystemRequestDetails()));
			newTeams.putAll(found);
		}
		Set<String> caredFor = Set.copyOf(newTeams.values());

		// whose consents to read again: patients newly cared for (only a team written can bring one), and the patients
		// of each consent written, before (a consent may be moved to another patient) and now. Looked up in a set:
		// searching the map's values for every patient cared for took seconds a write at 20,000 patients (run 39).
		Set<String> caredForBefore = new HashSet<>(teams.values());
		Set<String> again = new HashSet<>(found.values());
		again.removeIf(caredForBefore::contains);
		consentIds.stream().map(consents::get).filter(patient -> patient != null).forEach(again::add);
		again.addAll(patientsOfConsents(consentIds, daos));
		again.retainAll(caredFor);

		Map<String, String> newConsents = new HashMap<>(consents);
		newConsents.values().removeIf(patient -> again.contains(patient) || !caredFor.contains(patient));
		Set<String> newDenied = new HashSet<>(denied);
		newDenied.retainAll(caredFor);
		newDenied.removeAll(again);
		Optional<Date> newUntil = until;
		for (String patient : again) {
			List<Consent> theirs = activeConsents(patient, daos);
			newConsents.putAll(idsToPatients(theirs));
			newDenied.addAll(deniedBy(theirs, odsCode, now, daos));
			newUntil = earlier(newUntil, CareSharingConsent.nextChange(theirs, now));
		}
		return Optional.of(new OrganisationCare(odsCode, Map.copyOf(newTeams), Map.copyOf(newConsents),
				Set.copyOf(newDenied), newUntil, mark));
	}

	/** The active care teams the organisation takes part in. */
	private static SearchParameterMap teamSearch(String odsCode) {
		return SearchParameterMap.newSynchronous()
				.add("participant-organization", new TokenParam(Vocabulary.ODS_CODE, odsCode))
				.add("status", new TokenParam("active"));
	}

	/** Care teams found: team id → subject. */
	private static Map<String, String> teamsOf(List<IBaseResource> found) {
		Map<String, String> teams = new HashMap<>();
		for (IBaseResource resource : found) {
			CareTeam team = (CareTeam) resource;
			IdType subject = new IdType(team.getSubject().getReference() == null ? "" : team.getSubject().getReference());
			if ("Patient".equals(subject.getResourceType()) && subject.hasIdPart()) {
				teams.put(team.getIdElement().getIdPart(), "Patient/" + subject.getIdPart());
			}
		}
		return teams;
	}

	/** The patients the consents with these ids are about now (of any status; deleted ones are not found). */
	private static Set<String> patientsOfConsents(Set<String> ids, DaoRegistry daos) {
		if (ids.isEmpty()) {
			return Set.of();
		}
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add("_id", new TokenOrListParam(null, ids.toArray(String[]::new)));
		List<IBaseResource> found = daos.getResourceDao("Consent").searchForResources(search, new SystemRequestDetails());
		return found.stream()
				.map(Consent.class::cast)
				.map(OrganisationCare::patientOf)
				.collect(Collectors.toSet());
	}

	/** One patient's active consents. */
	static List<Consent> activeConsents(String patient, DaoRegistry daos) {
		List<IBaseResource> found = daos.getResourceDao("Consent").searchForResources(
				activeSearch().add("patient", new ReferenceParam(patient)), new SystemRequestDetails());
		return found.stream().map(Consent.class::cast).toList();
	}

	private static SearchParameterMap activeSearch() {
		return SearchParameterMap.newSynchronous().add("status", new TokenParam("active"));
	}

	/** The patients whose consents among these deny sharing with the organisation. */
	static Set<String> deniedBy(List<Consent> consents, String odsCode, Date now, DaoRegistry daos) {
		Map<String, List<Consent>> byPatient = consents.stream().collect(Collectors.groupingBy(OrganisationCare::patientOf));
		OrganisationOdsCodes odsOf = new OrganisationOdsCodes(daos);
		return byPatient.entrySet().stream()
				.filter(entry -> CareSharingConsent.denies(entry.getValue(), odsCode, now, odsOf))
				.map(Map.Entry::getKey)
				.collect(Collectors.toUnmodifiableSet());
	}

	private static String patientOf(Consent consent) {
		return "Patient/" + consent.getPatient().getReferenceElement().getIdPart();
	}

	private static Map<String, String> idsToPatients(List<Consent> consents) {
		return consents.stream().collect(Collectors.toUnmodifiableMap(
				consent -> consent.getIdElement().getIdPart(), OrganisationCare::patientOf, (a, b) -> a));
	}

	private static Set<String> idsOf(List<VersionRow> rows, String type) {
		return rows.stream().filter(row -> row.type().equals(type)).map(VersionRow::id).collect(Collectors.toSet());
	}

	private static Optional<Date> earlier(Optional<Date> a, Optional<Date> b) {
		if (a.isEmpty()) {
			return b;
		}
		return b.isEmpty() || a.get().before(b.get()) ? a : b;
	}
}
