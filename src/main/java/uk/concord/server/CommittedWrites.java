package uk.concord.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The writes this server has committed, counted per resource type once each transaction commits (rolled-back writes
 * are not counted). Where this process is the only one that can write the database, the count changes exactly when
 * a committed version is added, as a count of HAPI's version rows does, without reading the rows.
 */
@Interceptor
final class CommittedWrites {

	private static final Logger log = LoggerFactory.getLogger(CommittedWrites.class);
	private static final Object TRANSACTION_KEY = CommittedWrites.class;

	private final FhirContext fhir;
	private final Map<String, LongAdder> byType = new ConcurrentHashMap<>();
	private final LongAdder all = new LongAdder();

	CommittedWrites(FhirContext fhir) {
		this.fhir = fhir;
	}

	/** Only ever grows. */
	long of(Collection<String> types) {
		return types.stream().map(byType::get).filter(count -> count != null).mapToLong(LongAdder::sum).sum();
	}

	/** Writes of every type; only ever grows. */
	long all() {
		return all.sum();
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		written(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource current) {
		written(current);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		written(resource);
	}

	private void written(IBaseResource resource) {
		String type = fhir.getResourceType(resource);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			// HAPI writes in transactions; were one not, counting it at once errs towards looking again
			log.warn("A {} was written outside a transaction: counted before it commits", type);
			count(List.of(type));
			return;
		}
		Transaction transaction = (Transaction) TransactionSynchronizationManager.getResource(TRANSACTION_KEY);
		if (transaction == null) {
			transaction = new Transaction();
			TransactionSynchronizationManager.bindResource(TRANSACTION_KEY, transaction);
			TransactionSynchronizationManager.registerSynchronization(transaction);
		}
		transaction.types.add(type);
	}

	private void count(List<String> types) {
		types.forEach(type -> byType.computeIfAbsent(type, t -> new LongAdder()).increment());
		all.add(types.size());
	}

	/** The types one database transaction wrote; counted after its commit, before the writer is answered. */
	private final class Transaction implements TransactionSynchronization {

		private final List<String> types = new ArrayList<>();

		@Override
		public void afterCommit() {
			count(types);
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(TRANSACTION_KEY);
		}
	}
}
