package uk.concord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.api.model.DeleteConflictList;
import ca.uhn.fhir.jpa.api.model.DeleteMethodOutcome;
import ca.uhn.fhir.jpa.dao.BaseHapiFhirResourceDao;
import ca.uhn.fhir.jpa.dao.JpaResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.HistorySearchDateRangeParam;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseParameters;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import uk.concord.server.ServerProperties;

/**
 * HAPI's AuditEvent DAO, answering from {@link AuditStore} instead of HAPI's tables: read, search and history of
 * AuditEvent, by REST and from inside the server, go through HAPI's own resource provider and parameter parsing to
 * here. Records are written by {@link AuditTrail} straight to the store, never through this DAO.
 */
class AuditEventDao extends JpaResourceDao<AuditEvent> {

	/** The resource type this store holds, as requests and references name it. */
	static final String TYPE = "AuditEvent";

	private final AuditStore store;
	private final ServerProperties server;

	AuditEventDao(FhirContext fhir, AuditStore store, ServerProperties server) {
		this.store = store;
		this.server = server;
		setResourceType(AuditEvent.class);
		setContext(fhir);
	}

	@Override
	public AuditEvent read(IIdType id, RequestDetails request, boolean deletedOk) {
		AuditEvent record = stored(id);
		BaseHapiFhirResourceDao.invokeStoragePreAccessResources(myInterceptorBroadcaster, request, id, record);
		return BaseHapiFhirResourceDao.invokeStoragePreShowResources(myInterceptorBroadcaster, request, record);
	}

	@Override
	public IBundleProvider search(SearchParameterMap search, RequestDetails request, HttpServletResponse response) {
		AuditQuery query = AuditQuery.of(search);
		RequestDetails caller = request == null ? new SystemRequestDetails() : request;
		if (search.isLoadSynchronous() && search.getCount() == null) {
			// from inside the server: every record found, in one list
			return new SimpleBundleProvider(new AuditRecordsPage(store, query, 0, Integer.MAX_VALUE - 1,
					this::toResource, myInterceptorBroadcaster, caller).getResources(0, Integer.MAX_VALUE));
		}
		boolean countOnly = search.getSummaryMode() == SummaryEnum.COUNT;
		return page(query, search.getOffset(), countOnly ? Integer.valueOf(0) : search.getCount(), caller);
	}

	@Override
	public DaoMethodOutcome delete(IIdType id, DeleteConflictList conflicts, RequestDetails request,
			TransactionDetails transaction) {
		throw new ForbiddenOperationException("Audit records cannot be deleted");
	}

	@Override
	public DeleteMethodOutcome deleteByUrl(String url, DeleteConflictList conflicts, RequestDetails request,
			TransactionDetails transaction) {
		throw new ForbiddenOperationException("Audit records cannot be deleted");
	}

	/** Every patch, by REST or inside a transaction, comes here (HAPI's {@code patch} opens a transaction and calls it). */
	@Override
	public DaoMethodOutcome patchInTransaction(IIdType id, String conditionalUrl, boolean index, PatchTypeEnum type,
			String body, IBaseParameters fhirPatch, RequestDetails request, TransactionDetails transaction,
			RequestPartitionId partition) {
		throw new ForbiddenOperationException("Audit records cannot be changed");
	}

	/** The type's history: every record, newest first (records have one version each). */
	@Override
	public IBundleProvider history(Date since, Date until, Integer offset, RequestDetails request) {
		SearchParameterMap search = new SearchParameterMap();
		search.setLastUpdated(new DateRangeParam(since, until));
		search.setSort(new SortSpec(Constants.PARAM_LASTUPDATED, SortOrderEnum.DESC));
		return page(AuditQuery.of(search), offset, RestfulServerUtils.extractCountParameter(request), request);
	}

	@Override
	public IBundleProvider history(IIdType id, Date since, Date until, Integer offset, RequestDetails request) {
		return new SimpleBundleProvider(read(id, request));
	}

	@Override
	public IBundleProvider history(IIdType id, HistorySearchDateRangeParam range, RequestDetails request) {
		return new SimpleBundleProvider(read(id, request));
	}

	/** Up to {@code count} records HAPI stored in its own tables, oldest first from {@code from} (to carry over). */
	List<IBaseResource> hapiStored(Date from, int count) {
		SearchParameterMap search = SearchParameterMap.newSynchronous();
		search.setLastUpdated(new DateRangeParam(from, null));
		search.setLoadSynchronousUpTo(count);
		search.setCount(count);
		search.setSort(new SortSpec(Constants.PARAM_LASTUPDATED));
		return super.search(search, new SystemRequestDetails(), null).getAllResources();
	}

	private AuditRecordsPage page(AuditQuery query, Integer offset, Integer count, RequestDetails request) {
		int limit = count == null ? server.defaultPageSize() : Math.min(count, server.maxPageSize());
		return new AuditRecordsPage(store, query, offset == null ? 0 : offset, limit, this::toResource,
				myInterceptorBroadcaster, request);
	}

	private AuditEvent stored(IIdType id) {
		if (id.hasVersionIdPart() && !"1".equals(id.getVersionIdPart())) {
			throw notKnown(id);
		}
		return store.read(id.getIdPart()).map(this::toResource).orElseThrow(() -> notKnown(id));
	}

	private AuditEvent toResource(AuditStore.StoredRecord stored) {
		AuditEvent record = getContext().newJsonParser().parseResource(AuditEvent.class, stored.json());
		record.setId(new IdType(TYPE, stored.id(), "1"));
		record.getMeta().setVersionId("1").setLastUpdated(new Date(stored.stored()));
		return record;
	}

	private static ResourceNotFoundException notKnown(IIdType id) {
		return new ResourceNotFoundException("Resource AuditEvent/" + id.getIdPart() + " is not known");
	}
}
