package uk.concord.audit;

import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.CompositeInterceptorBroadcaster;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of audit records found by a search, paged by offset: the links carry {@code _offset}, so any server of a
 * cluster answers the next page and nothing is kept between requests. The page is read when first asked for (a
 * {@code _summary=count} search reads only the count) and shown to the storage hooks as HAPI shows a page of stored
 * resources (authorisation, consent, the audit trail's own record of the search).
 */
final class AuditRecordsPage implements IBundleProvider {

	private final AuditStore store;
	private final AuditQuery query;
	private final int offset;
	private final int limit;
	private final Function<AuditStore.StoredRecord, IBaseResource> toResource;
	private final IInterceptorBroadcaster hooks;
	private final RequestDetails request;
	private final Date published = new Date();
	private List<IBaseResource> page;
	private boolean more;
	private Integer size;

	AuditRecordsPage(AuditStore store, AuditQuery query, int offset, int limit,
			Function<AuditStore.StoredRecord, IBaseResource> toResource, IInterceptorBroadcaster hooks,
			RequestDetails request) {
		this.store = store;
		this.query = query;
		this.offset = offset;
		this.limit = limit;
		this.toResource = toResource;
		this.hooks = hooks;
		this.request = request;
	}

	@Override
	public List<IBaseResource> getResources(int fromIndex, int toIndex) {
		return new ArrayList<>(page());
	}

	@Override
	public synchronized Integer size() {
		if (size == null) {
			size = store.count(query);
		}
		return size;
	}

	@Override
	public Integer getCurrentPageOffset() {
		return offset;
	}

	@Override
	public Integer getCurrentPageSize() {
		return limit;
	}

	@Override
	public String getNextPageId() {
		page();
		return more ? "next" : null;
	}

	@Override
	public String getPreviousPageId() {
		return offset > 0 ? "previous" : null;
	}

	@Override
	public IPrimitiveType<Date> getPublished() {
		return new InstantType(published);
	}

	@Override
	public String getUuid() {
		return null;
	}

	@Override
	public Integer preferredPageSize() {
		return limit;
	}

	private synchronized List<IBaseResource> page() {
		if (page == null) {
			List<AuditStore.StoredRecord> found = limit == 0 ? List.of() : store.find(query, offset, limit + 1);
			more = found.size() > limit;
			page = shown(found.stream().limit(limit).map(toResource).toList());
		}
		return page;
	}

	/** What HAPI does with a page of stored resources before it shows them: the hooks may withhold any of them. */
	private List<IBaseResource> shown(List<IBaseResource> resources) {
		IInterceptorBroadcaster all = CompositeInterceptorBroadcaster.newCompositeBroadcaster(hooks, request);
		List<IBaseResource> accessible = new ArrayList<>(resources);
		if (!resources.isEmpty() && all.hasHooks(Pointcut.STORAGE_PREACCESS_RESOURCES)) {
			SimplePreResourceAccessDetails access = new SimplePreResourceAccessDetails(resources);
			all.callHooks(Pointcut.STORAGE_PREACCESS_RESOURCES, params(IPreResourceAccessDetails.class, access));
			for (int i = 0; i < resources.size(); i++) {
				if (access.isDontReturnResourceAtIndex(i)) {
					accessible.set(i, null);
				}
			}
			accessible.removeIf(Objects::isNull);
		}
		if (!accessible.isEmpty() && all.hasHooks(Pointcut.STORAGE_PRESHOW_RESOURCES)) {
			SimplePreResourceShowDetails show = new SimplePreResourceShowDetails(accessible);
			all.callHooks(Pointcut.STORAGE_PRESHOW_RESOURCES, params(IPreResourceShowDetails.class, show));
			accessible = new ArrayList<>(show.getAllResources());
			accessible.removeIf(Objects::isNull);
		}
		return accessible;
	}

	private <T> HookParams params(Class<T> type, T details) {
		return new HookParams().add(type, details).add(RequestDetails.class, request)
				.addIfMatchesType(ServletRequestDetails.class, request);
	}
}
