package uk.concord.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Checks each resource of a profiled type just before it is stored (create, update, and every entry of a
 * transaction) and refuses it with 422 and an OperationOutcome naming each broken rule and where it is broken.
 * Being a storage hook, it runs inside the database transaction: a refused entry rolls back the whole bundle.
 */
@Interceptor
class ProfileEnforcingInterceptor {

	private final FhirContext fhir;
	private final FhirValidator validator;
	private final Set<String> profiledTypes;

	ProfileEnforcingInterceptor(FhirContext fhir, IValidatorModule concordValidator, Set<String> profiledTypes) {
		this.fhir = fhir;
		this.validator = fhir.newValidator().registerValidatorModule(concordValidator);
		this.profiledTypes = profiledTypes;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		enforce(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		enforce(resource);
	}

	private void enforce(IBaseResource resource) {
		String type = fhir.getResourceType(resource);
		if (!profiledTypes.contains(type)) {
			return;
		}
		ValidationResult result = validator.validateWithResult(resource);
		List<SingleValidationMessage> errors = result.getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.toList();
		if (!errors.isEmpty()) {
			throw new UnprocessableEntityException(fhir, outcome(type, errors));
		}
	}

	private static OperationOutcome outcome(String type, List<SingleValidationMessage> errors) {
		OperationOutcome outcome = new OperationOutcome();
		for (SingleValidationMessage error : errors) {
			OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
					.setSeverity(error.getSeverity() == ResultSeverityEnum.FATAL
							? OperationOutcome.IssueSeverity.FATAL
							: OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics(error.getMessage());
			if (error.getLocationString() != null) {
				issue.addExpression(error.getLocationString());
				issue.addLocation(error.getLocationString());
			}
		}
		outcome.getIssueFirstRep().setDiagnostics(
				type + " does not conform to its Concord profile: " + outcome.getIssueFirstRep().getDiagnostics());
		return outcome;
	}
}
