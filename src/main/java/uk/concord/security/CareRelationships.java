package uk.concord.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.hl7.fhir.r4.model.Consent;
import org.springframework.stereotype.Component;
import uk.concord.server.SearchInPages;
import uk.concord.server.StoredResources;
import uk.concord.server.StoredResources.Newer;

/**
 * Which patients an organisation may see: those with an active care team in which the organisation (by ODS code)
 * takes part, less those whose CareSharingConsent denies sharing with it ({@link OrganisationCare}). Working it out in
 * full reads every care team the organisation is in and every active consent, so the answer is kept across requests
 * and used again while it is certainly still right: no CareTeam, Consent or Organization written since, on any node
 * ({@link StoredResources#versionsOf}), and no consent period started or ended since. After a write, the answer is
 * brought up to date from the care teams and consents written since it was worked out, when the database can say
 * exactly which those are ({@link StoredResources#versionRowsAfter}); otherwise it is worked out in full again. Each
 * request asks once.
 */
@Component
public class CareRelationships {

	private static final String KEY = CareRelationships.class.getName();
	/** What the answer is made of: care teams, the consents, and the Organizations consents name as actors. */
	private static final List<String> MADE_OF = List.of("CareTeam", "Consent", "Organization");

	private final DaoRegistry daos;
	private final StoredResources stored;
	private final SearchInPages pages;
	/** Per ODS code; as many entries as organisations with clinicians signed in. */
	private final Map<String, Known> known = new ConcurrentHashMap<>();
	private final Map<String, Object> lookingUp = new ConcurrentHashMap<>();

	CareRelationships(DaoRegistry daos, StoredResources stored, SearchInPages pages) {
		this.daos = daos;
		this.stored = stored;
		this.pages = pages;
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
			Known fresh = Known.of(upToDate(odsCode, kept, now), version);
			known.put(odsCode, fresh);
			return fresh.shared();
		}
	}

	/** What the organisation may see now: the kept answer caught up if it can be, else worked out in full. */
	private OrganisationCare upToDate(String odsCode, Known kept, Date now) {
		if (kept == null || !kept.care().periodsStillRight(now)) {
			return OrganisationCare.workedOut(odsCode, stored.versionRowsAfter(StoredResources.Mark.START, MADE_OF).mark(),
					now, daos, pages);
		}
		Newer written = stored.versionRowsAfter(kept.care().mark(), MADE_OF);
		Optional<OrganisationCare> caughtUp = written.complete()
				? kept.care().after(written.rows(), written.mark(), now, daos)
				: Optional.empty();
		return caughtUp.orElseGet(() -> OrganisationCare.workedOut(odsCode, written.mark(), now, daos, pages));
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
		List<Consent> theirs = OrganisationCare.activeConsents(patient, daos);
		return !OrganisationCare.deniedBy(theirs, odsCode, new Date(), daos).isEmpty();
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

	/** An answer and the count of stored versions it was worked out from ({@link StoredResources#versionsOf}). */
	record Known(OrganisationCare care, long version, Shared shared) {

		static Known of(OrganisationCare care, long version) {
			return new Known(care, version, care.shared());
		}

		/** Nothing it was made of written since (stored versions only grow), and no consent period changed. */
		boolean stillRight(long currentVersion, Date now) {
			return version >= currentVersion && care.periodsStillRight(now);
		}
	}
}
