package uk.concord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.DeleteConflictList;
import ca.uhn.fhir.jpa.delete.DeleteConflictOutcome;
import ca.uhn.fhir.jpa.interceptor.JpaPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Audit records belong to the audit trail alone. Through the API they are never changed or deleted, whatever the
 * token (the authorisation rules say so too; this holds at the storage layer, whatever the route), and they appear
 * only in answers to requests for AuditEvents, not inside a patient's {@code $everything} or an {@code _include}.
 */
@Interceptor
class AuditRecordsProtected {

	private static final String TYPE_PARAMETER = "_type";
	private static final String HAS_AUDIT_EVENT = "_has:" + AuditEventDao.TYPE + ":";
	/** Types outside the Patient compartment that patient records refer to (who, where, which medicine). */
	private static final Set<String> REFERENCED_FROM_RECORDS = Set.of(
			"Patient", "Practitioner", "PractitionerRole", "Organization", "Location", "HealthcareService", "Endpoint",
			"Medication", "Substance", "Device");

	/** What a patient's {@code $everything} is asked for when the client names no types (worked out once). */
	private final Set<String> everythingTypes;

	AuditRecordsProtected(FhirContext fhir) {
		this.everythingTypes = everythingTypes(fhir);
	}

	/** Records are made by the audit trail, which stores them apart ({@link AuditStore}); never by a client. */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void noCreate(RequestDetails request, IBaseResource resource) {
		refuseIfAudit(request, resource, "created by a client");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void noChange(RequestDetails request, IBaseResource previous) {
		refuseIfAudit(request, previous, "changed");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void noDelete(RequestDetails request, IBaseResource resource) {
		refuseIfAudit(request, resource, "deleted");
	}

	/**
	 * An audit record that names a resource must not stop that resource being deleted (HAPI would refuse with 409):
	 * the record stays, naming what was deleted.
	 */
	@Hook(Pointcut.STORAGE_PRESTORAGE_DELETE_CONFLICTS)
	public DeleteConflictOutcome auditRecordsDoNotBlockDeletes(DeleteConflictList conflicts) {
		conflicts.removeIf(conflict -> AuditEventDao.TYPE.equals(conflict.getSourceId().getResourceType()));
		return null;
	}

	/**
	 * A patient's {@code $everything} would otherwise pull in every audit record naming the patient (and what those
	 * records name): it is asked for the types of the Patient compartment and what they refer to, less AuditEvent.
	 * (Listing every type instead makes HAPI's query about three times slower.)
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void everythingLeavesOutAuditRecords(RequestDetails request) {
		if (!"$everything".equals(request.getOperation())) {
			return;
		}
		String[] asked = request.getParameters().get(TYPE_PARAMETER);
		Stream<String> types = asked == null
				? everythingTypes.stream()
				: Stream.of(asked).flatMap(value -> Stream.of(value.split(","))).map(String::trim);
		String kept = types.filter(type -> !AuditEventDao.TYPE.equals(type)).sorted().collect(Collectors.joining(","));
		request.setParameters(withType(request.getParameters(), kept.isEmpty() ? "Patient" : kept));
	}

	/**
	 * {@code _has:AuditEvent:...} would select resources by the audit records naming them, which HAPI's tables no
	 * longer hold ({@link AuditStore}): refused rather than answered with nothing.
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void noReverseChainThroughAuditRecords(RequestDetails request) {
		if (request.getParameters().keySet().stream().anyMatch(name -> name.startsWith(HAS_AUDIT_EVENT))) {
			throw new InvalidRequestException("Resources cannot be searched by the audit records naming them"
					+ " (_has:AuditEvent); search AuditEvent by entity or patient instead");
		}
	}

	private static Set<String> everythingTypes(FhirContext fhir) {
		Set<String> types = new TreeSet<>(REFERENCED_FROM_RECORDS);
		for (String type : fhir.getResourceTypes()) {
			if (!fhir.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").isEmpty()) {
				types.add(type);
			}
		}
		types.remove(AuditEventDao.TYPE);
		return types;
	}

	private static Map<String, String[]> withType(Map<String, String[]> parameters, String types) {
		Map<String, String[]> changed = new HashMap<>(parameters);
		changed.put(TYPE_PARAMETER, new String[] {types});
		return changed;
	}

	/**
	 * Resources HAPI already holds (a history page) are checked before access. Search results are checked when shown
	 * ({@link #shownOnlyWhenAskedFor}): HAPI loads them then anyway, and asking for one here would make HAPI load and
	 * parse every result of every search a second time ({@link JpaPreResourceAccessDetails} loads them all on the
	 * first look).
	 */
	@Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
	public void accessedOnlyWhenAskedFor(RequestDetails request, IPreResourceAccessDetails access) {
		if (!shownAsAuditRecords(request) && !(access instanceof JpaPreResourceAccessDetails)) {
			for (int i = 0; i < access.size(); i++) {
				if (isAuditRecord(request, access.getResource(i))) {
					access.setDontReturnResourceAtIndex(i);
				}
			}
		}
	}

	/** Before every other hook that looks at the page: BALP would record them as read, authorisation refuse them. */
	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -200)
	public void shownOnlyWhenAskedFor(RequestDetails request, IPreResourceShowDetails shown) {
		if (!shownAsAuditRecords(request)) {
			for (int i = 0; i < shown.size(); i++) {
				if (isAuditRecord(request, shown.getResource(i))) {
					shown.setResource(i, null);
				}
			}
		}
	}

	/** Internal requests (the audit trail's own) and requests for AuditEvents get them. */
	private static boolean shownAsAuditRecords(RequestDetails request) {
		return !(request instanceof ServletRequestDetails) || AuditEventDao.TYPE.equals(request.getResourceName());
	}

	/** null: already withheld by an earlier hook */
	private static boolean isAuditRecord(RequestDetails request, IBaseResource resource) {
		return resource != null && AuditEventDao.TYPE.equals(request.getFhirContext().getResourceType(resource));
	}

	private static void refuseIfAudit(RequestDetails request, IBaseResource resource, String what) {
		if (request instanceof ServletRequestDetails && isAuditRecord(request, resource)) {
			throw new ForbiddenOperationException("Audit records cannot be " + what);
		}
	}
}
