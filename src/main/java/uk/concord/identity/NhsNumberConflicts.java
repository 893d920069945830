package uk.concord.identity;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.BiPredicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import uk.concord.record.Vocabulary;

/**
 * Refuses a second Patient with an NHS Number already held, on create and on update, with 409 and an
 * OperationOutcome (issue code {@code duplicate}) that names the existing record to a caller who may read it and only
 * says that it exists to one who may not. The unique index ({@link NhsNumberIndex}) is what makes this hold when two
 * requests race; the look-up here is what gives the common case a message naming the record, and the refusals of the
 * index itself are reworded here too, so that no client sees HAPI's internal wording.
 */
@Interceptor
class NhsNumberConflicts {

	static final String EXISTS = "A Patient with this NHS Number already exists";

	/** HAPI's codes for a refusal by a unique combo index: the database constraint, and HAPI's check before it. */
	private static final List<String> UNIQUE_INDEX_REFUSALS = List.of(Msg.code(824), Msg.code(1093));

	private final IFhirResourceDao<Patient> patients;
	private final BiPredicate<RequestDetails, String> mayRead;

	/**
	 * @param mayRead whether the caller of a request may read {@code Patient/<id>}
	 */
	NhsNumberConflicts(IFhirResourceDao<Patient> patients, BiPredicate<RequestDetails, String> mayRead) {
		this.patients = patients;
		this.mayRead = mayRead;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		if (resource instanceof Patient patient) {
			refuseIfHeldByAnother(patient, Set.of(), request);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (resource instanceof Patient patient && previous instanceof Patient before) {
			// A number the patient held already is not a new duplicate (the index still guards it). This is what lets
			// Patient/$merge update the record kept while the duplicate it replaces still holds the same number.
			Set<String> held = before.getIdentifier().stream()
					.filter(i -> Vocabulary.NHS_NUMBER.equals(i.getSystem()))
					.map(Identifier::getValue)
					.collect(Collectors.toSet());
			refuseIfHeldByAnother(patient, held, request);
		}
	}

	private void refuseIfHeldByAnother(Patient patient, Set<String> heldAlready, RequestDetails request) {
		String self = patient.getIdElement().getIdPart();
		List<Identifier> identifiers = patient.getIdentifier();
		for (int i = 0; i < identifiers.size(); i++) {
			Identifier identifier = identifiers.get(i);
			if (!Vocabulary.NHS_NUMBER.equals(identifier.getSystem()) || !identifier.hasValue()
					|| heldAlready.contains(identifier.getValue())) {
				continue;
			}
			SearchParameterMap search = SearchParameterMap.newSynchronous(
					"identifier", new TokenParam(Vocabulary.NHS_NUMBER, identifier.getValue()));
			for (IBaseResource holder : patients.search(search, new SystemRequestDetails()).getResources(0, 2)) {
				String id = holder.getIdElement().getIdPart();
				if (self == null || !id.equals(self)) {
					throw conflict(mayRead.test(request, id)
							? EXISTS + ": Patient/" + id + ". Update that record instead of creating another;"
									+ " if these are two records of one person, merge them with Patient/$merge."
							: EXISTS + ", in a record you may not read. Concord keeps one record per NHS Number;"
									+ " ask its care team to share it with you.",
							"Patient.identifier[" + i + "]");
				}
			}
		}
	}

	/** HAPI's wording of a unique index refusal (a request that raced another) replaced by Concord's. */
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -100)
	public BaseServerResponseException reword(Throwable error) {
		if (error instanceof ResourceVersionConflictException conflict
				&& conflict.getMessage() != null
				&& UNIQUE_INDEX_REFUSALS.stream().anyMatch(conflict.getMessage()::contains)) {
			return conflict(EXISTS + " (stored by another request at the same moment, or before NHS Numbers were unique)."
					+ " Find it with"
					+ " Patient?identifier=" + Vocabulary.NHS_NUMBER + "|<NHS Number>, or create with If-None-Exist.",
					null);
		}
		return null;
	}

	private static ResourceVersionConflictException conflict(String message, String where) {
		OperationOutcome outcome = new OperationOutcome();
		OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.DUPLICATE)
				.setDiagnostics(message);
		if (where != null) {
			issue.addExpression(where);
		}
		return new ResourceVersionConflictException(message, outcome);
	}
}
