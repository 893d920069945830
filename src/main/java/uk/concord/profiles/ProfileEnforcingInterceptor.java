package uk.concord.profiles;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Checks each resource just before it is stored (create, update, and every entry of a transaction) and refuses it
 * with 422 and an OperationOutcome naming each broken rule and where it is broken (inside a transaction: which
 * entry). Every write a client sends is checked, against base R4 at least; a type with a Concord profile is also
 * checked against that profile, whoever writes it. Internal writes of other types (the audit trail, the package's
 * conformance resources) are not checked: they are Concord's own output, and checking them would slow every request.
 * Being a storage hook, it runs inside the database transaction: a refused entry rolls back the whole bundle.
 */
@Interceptor
class ProfileEnforcingInterceptor {

	private final FhirContext fhir;
	private final FhirValidator validator;
	private final ConcordPackage fhirPackage;
	private final AllowedCodes allowedCodes;

	ProfileEnforcingInterceptor(
			FhirContext fhir,
			IValidatorModule concordValidator,
			ConcordPackage fhirPackage,
			AllowedCodes allowedCodes) {
		this.fhir = fhir;
		this.validator = fhir.newValidator().registerValidatorModule(concordValidator);
		this.fhirPackage = fhirPackage;
		this.allowedCodes = allowedCodes;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		enforce(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		enforce(resource, request);
	}

	private void enforce(IBaseResource resource, RequestDetails request) {
		String type = fhir.getResourceType(resource);
		String profile = fhirPackage.appliedProfile(type,
				resource.getMeta().getProfile().stream().map(declared -> declared.getValue()).toList());
		boolean fromClient = request != null && !(request instanceof SystemRequestDetails);
		if (profile == null && !fromClient) {
			return;
		}
		ValidationResult result;
		try {
			result = validator.validateWithResult(resource);
		} catch (ClassCastException | IllegalStateException unreadable) {
			// HAPI's validator re-reads the resource as JSON and fails on values it cannot read, such as "meta": null
			// (HostileInputIT's mutations found it): a client error, never a 500
			throw new InvalidRequestException("The " + type + " could not be validated: it holds a value that is not"
					+ " valid FHIR JSON (such as an element given as null)", unreadableOutcome(type));
		}
		List<SingleValidationMessage> errors = result.getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.toList();
		if (!errors.isEmpty()) {
			throw new NonConformingResource(fhir, resource, outcome(type, profile, errors));
		}
	}

	private OperationOutcome unreadableOutcome(String type) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.INVALID)
				.setDiagnostics("The " + type + " could not be validated: it holds a value that is not valid FHIR JSON"
						+ " (such as an element given as null)");
		return outcome;
	}

	/**
	 * Inside a transaction or batch, says which entry was refused: {@code Condition.code} becomes
	 * {@code Bundle.entry[3].resource.code}. Storage hooks see one entry at a time, so this is done when the
	 * refusal reaches the request that carried the whole bundle.
	 */
	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean nameTheEntry(RequestDetails request, BaseServerResponseException exception) {
		Throwable cause = exception;
		while (cause != null && !(cause instanceof NonConformingResource)) {
			cause = cause.getCause();
		}
		if (cause instanceof NonConformingResource refused && request.getResource() instanceof Bundle bundle) {
			List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
			for (int i = 0; i < entries.size(); i++) {
				// HAPI stores the very objects it parsed from the bundle, so identity finds the entry.
				if (entries.get(i).getResource() == refused.resource()) {
					refused.locateIn("Bundle.entry[" + i + "].resource", fhir.getResourceType(refused.resource()));
					break;
				}
			}
		}
		return true;
	}

	private OperationOutcome outcome(String type, String profile, List<SingleValidationMessage> errors) {
		OperationOutcome outcome = new OperationOutcome();
		for (SingleValidationMessage error : errors) {
			OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
					.setSeverity(error.getSeverity() == ResultSeverityEnum.FATAL
							? OperationOutcome.IssueSeverity.FATAL
							: OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics(allowedCodes.explain(error.getMessage()));
			if (error.getLocationString() != null) {
				issue.addExpression(error.getLocationString());
				issue.addLocation(error.getLocationString());
			}
		}
		// Only a failure reported against the Concord profile is called one; the rest are base R4 rules.
		String summary = profile != null && errors.get(0).getMessage().contains(profile)
				? type + " does not conform to its Concord profile " + profile + ": "
				: type + " is not valid FHIR R4: ";
		OperationOutcome.OperationOutcomeIssueComponent first = outcome.getIssueFirstRep();
		first.setDiagnostics(summary + first.getDiagnostics());
		return outcome;
	}
}
