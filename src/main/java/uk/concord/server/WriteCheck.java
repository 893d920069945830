package uk.concord.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A rule checked just before a resource is stored, by whatever path (create, update, every entry of a transaction),
 * inside the database transaction, so a refusal rolls back the whole request. A rule that {@link #guardsStored()
 * guards what is stored} is also checked against the stored version when it is changed or deleted, so nothing it
 * protects can be rewritten or removed either.
 */
@Interceptor
public abstract class WriteCheck {

	/** Throws the FHIR error to answer with when the resource may not be written; returns when the rule holds. */
	protected abstract void check(IBaseResource resource, RequestDetails request);

	/** Whether the stored version is checked too when it is changed or deleted. */
	protected boolean guardsStored() {
		return false;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (guardsStored()) {
			check(previous, request);
		}
		check(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleted(IBaseResource resource, RequestDetails request) {
		if (guardsStored()) {
			check(resource, request);
		}
	}
}
