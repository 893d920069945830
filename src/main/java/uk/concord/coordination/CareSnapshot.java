package uk.concord.coordination;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Patient;
import uk.concord.server.SearchInPages;
import uk.concord.server.StoredResources;
import uk.concord.server.StoredResources.Change;

/**
 * The latest version of every resource the gaps report reads, kept in memory so that a report over the whole
 * population does not read and parse every record again. Loaded in full on the first report, then brought up to date
 * before each report: the database says which resources changed since the last look (type, id, version, deleted; so
 * changes made on any node of a cluster are seen) and only versions newer than the copy's are read. The look reaches
 * back {@code overlap} before the last one, because a write's timestamp is taken when it starts and it may commit
 * later. Narratives and document contents are dropped: the rules never read them.
 */
final class CareSnapshot {

	/** More changes than this since the last look are read by loading everything again. */
	private static final int RELOAD_ABOVE = 5_000;

	private final DaoRegistry daos;
	private final SearchInPages pages;
	private final StoredResources changes;
	private final Duration overlap;
	private final Clock clock;
	/**
	 * What the snapshot holds. A reload fills a new one and swaps it in, so that {@link #find}, which a report calls
	 * while another report may be reloading, never sees it emptied or half-filled.
	 */
	private volatile Contents contents = new Contents();
	private Date lastLook;

	/**
	 * @param latest   {@code Type/id} → the latest version the rules may read
	 * @param versions {@code Type/id} → the latest version applied, deletions included (so an older version never
	 *                 comes back)
	 */
	private record Contents(Map<String, IBaseResource> latest, Map<String, Long> versions) {
		Contents() {
			this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
		}
	}

	CareSnapshot(DaoRegistry daos, SearchInPages pages, StoredResources changes, Duration overlap, Clock clock) {
		this.daos = daos;
		this.pages = pages;
		this.changes = changes;
		this.overlap = overlap;
		this.clock = clock;
	}

	/** Every patient's care as the database holds it now. */
	synchronized Map<String, PatientCare> patients() {
		Date look = new Date(clock.millis());
		if (lastLook == null) {
			reload();
		} else {
			catchUp(new Date(lastLook.getTime() - overlap.toMillis()));
		}
		lastLook = look;
		return CareRecords.group(contents.latest().values());
	}

	/** A resource of the snapshot by reference ({@code Location/x}), as of the last report. */
	Optional<IBaseResource> find(String reference) {
		return Optional.ofNullable(contents.latest().get(reference));
	}

	private static Stream<String> types() {
		return Stream.concat(CareRecords.PATIENT_TYPES.stream(), CareRecords.SITE_TYPES.stream());
	}

	private void reload() {
		Contents fresh = new Contents();
		// a page at a time: in one search per type, loading took time quadratic in the records (SearchInPages)
		types().forEach(type -> pages.forEachPage(type, SearchParameterMap.newSynchronous(), () -> false,
				page -> page.forEach(resource -> apply(fresh, resource))));
		contents = fresh;
	}

	private void catchUp(Date since) {
		Contents current = contents;
		List<Change> newer = changes.changedSince(since, types().toList()).stream()
				.filter(change -> current.versions().getOrDefault(change.type() + "/" + change.id(), 0L) < change.version())
				.toList();
		if (newer.size() > RELOAD_ABOVE) {
			// after a bulk load, one search per type is far cheaper than reading each resource by its key
			reload();
			return;
		}
		for (Change change : newer) {
			String key = change.type() + "/" + change.id();
			if (change.deleted()) {
				current.versions().put(key, change.version());
				current.latest().remove(key);
			} else {
				try {
					apply(current, daos.getResourceDao(change.type()).readByPid(change.pid()));
				} catch (ResourceGoneException | ResourceNotFoundException deletedSince) {
					// deleted after the look: the next look sees the deletion
				}
			}
		}
	}

	private static void apply(Contents contents, IBaseResource resource) {
		String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		long version = version(resource);
		Long known = contents.versions().get(key);
		if (known != null && known >= version) {
			return;
		}
		contents.versions().put(key, version);
		if (!CareRecords.isRead(resource)) {
			contents.latest().remove(key);
		} else {
			contents.latest().put(key, trimmed(resource));
		}
	}

	private static long version(IBaseResource resource) {
		Long version = resource.getIdElement().getVersionIdPartAsLong();
		return version != null ? version : Optional.ofNullable(resource.getMeta().getVersionId()).map(Long::valueOf).orElse(0L);
	}

	private static IBaseResource trimmed(IBaseResource resource) {
		if (resource instanceof DomainResource domain) {
			domain.setText(null);
		}
		if (resource instanceof DocumentReference document) {
			document.getContent().forEach(content -> content.getAttachment().setData(null));
		}
		if (resource instanceof Patient patient) {
			patient.setPhoto(null);
		}
		return resource;
	}
}
