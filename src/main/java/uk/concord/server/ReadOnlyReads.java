package uk.concord.server;

import ca.uhn.fhir.jpa.util.JpaHapiTransactionService;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.annotation.Nullable;

/**
 * HAPI's transaction service, but a read of one resource by id (HAPI's DAO {@code read} and {@code vread}) that opens
 * its own transaction opens a read-only one, as HAPI's synchronous searches already do. HAPI 8.8.0 leaves the read's
 * transaction writable, so at its commit Hibernate searched everything the read had loaded for changes to flush (about
 * 4 % of a read's CPU, issue 12). A read inside a transaction already open (a write's, a bundle's) takes part in that
 * one exactly as before. Nothing writes inside a read's own transaction: PostgreSQL refuses a write in a read-only
 * transaction, so the PostgreSQL suites would show one (H2 would not).
 */
public class ReadOnlyReads extends JpaHapiTransactionService {

	@Override
	protected IExecutionBuilder buildExecutionBuilder(@Nullable RequestDetails request) {
		return new Builder(request);
	}

	private class Builder extends ExecutionBuilder {

		Builder(@Nullable RequestDetails request) {
			super(request);
		}

		@Override
		public <T> T read(IExecutionCallable<T> callback) {
			readOnly();
			return super.read(callback);
		}
	}
}
