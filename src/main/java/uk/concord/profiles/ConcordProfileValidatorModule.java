package uk.concord.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Wraps HAPI's instance validator so that every validation of a profiled resource type also checks the Concord
 * profile for that type, whether or not the resource declares it in {@code meta.profile}. Because it wraps the one
 * validator HAPI uses, {@code $validate} (with or without a {@code profile} parameter) and write enforcement apply
 * the same rules.
 */
class ConcordProfileValidatorModule implements IInstanceValidatorModule {

	private final IInstanceValidatorModule delegate;
	private final ConcordPackage fhirPackage;

	ConcordProfileValidatorModule(IInstanceValidatorModule delegate, ConcordPackage fhirPackage) {
		this.delegate = delegate;
		this.fhirPackage = fhirPackage;
	}

	@Override
	public void validateResource(IValidationContext<IBaseResource> context) {
		IBaseResource resource = context.getResource();
		List<String> declared = resource.getMeta() == null ? List.of()
				: resource.getMeta().getProfile().stream().map(profile -> profile.getValue()).toList();
		String profile = fhirPackage.appliedProfile(context.getFhirContext().getResourceType(resource), declared);
		// a declared profile is validated anyway
		if (profile == null || context.getOptions().getProfiles().contains(profile) || declared.contains(profile)) {
			delegate.validateResource(context);
			return;
		}
		// The caller's options may be HAPI's shared immutable empty options: validate with an extended copy.
		ValidationOptions options = new ValidationOptions().setAppContext(context.getOptions().getAppContext());
		context.getOptions().getProfiles().forEach(options::addProfile);
		options.addProfile(profile);
		delegate.validateResource(new WithOptions(context, options));
	}

	/** The same validation context (resource, collected messages) with other options. */
	private record WithOptions(IValidationContext<IBaseResource> context, ValidationOptions options)
			implements IValidationContext<IBaseResource> {

		@Override
		public FhirContext getFhirContext() {
			return context.getFhirContext();
		}

		@Override
		public IBaseResource getResource() {
			return context.getResource();
		}

		@Override
		public String getResourceAsString() {
			return context.getResourceAsString();
		}

		@Override
		public EncodingEnum getResourceAsStringEncoding() {
			return context.getResourceAsStringEncoding();
		}

		@Override
		public void addValidationMessage(SingleValidationMessage message) {
			context.addValidationMessage(message);
		}

		@Override
		public List<SingleValidationMessage> getMessages() {
			return context.getMessages();
		}

		@Override
		public ValidationResult toResult() {
			return context.toResult();
		}

		@Override
		public ValidationOptions getOptions() {
			return options;
		}
	}
}
