package uk.concord.profiles;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.ValueSet;
import org.hl7.fhir.r5.utils.validation.IMessagingServices;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidationPolicyAdvisor;
import org.hl7.fhir.r5.utils.validation.constants.BindingKind;
import org.hl7.fhir.r5.utils.validation.constants.ContainedReferenceValidationPolicy;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's validation policy, plus one thing: a resource inside a Bundle ({@code Bundle/$validate}, or a bundle stored
 * as a document) is also checked against the Concord profile for its type, whether or not it declares it, exactly
 * as the same resource would be checked when written by a transaction. The top-level resource gets its profile
 * from {@link ConcordProfileValidatorModule}; this adds it only below the top level, so nothing is checked twice.
 */
class BundleEntryProfiles implements IValidationPolicyAdvisor {

	private final IValidationPolicyAdvisor delegate;
	private final ConcordPackage fhirPackage;

	BundleEntryProfiles(IValidationPolicyAdvisor delegate, ConcordPackage fhirPackage) {
		this.delegate = delegate;
		this.fhirPackage = fhirPackage;
	}

	@Override
	public List<StructureDefinition> getImpliedProfilesForResource(
			IResourceValidator validator,
			Object appContext,
			String stackPath,
			ElementDefinition definition,
			StructureDefinition structure,
			Element resource,
			boolean valid,
			IMessagingServices msgServices,
			List<ValidationMessage> messages) {
		List<StructureDefinition> implied = new ArrayList<>(delegate.getImpliedProfilesForResource(
				validator, appContext, stackPath, definition, structure, resource, valid, msgServices, messages));
		if (!stackPath.contains(".entry[") || !(validator instanceof InstanceValidator instanceValidator)) {
			return implied;
		}
		Element meta = resource.getNamedChild("meta");
		List<String> declared = meta == null ? List.of()
				: meta.getChildren("profile").stream().map(Element::primitiveValue).toList();
		String profile = fhirPackage.appliedProfile(resource.fhirType(), declared);
		// a declared profile is validated anyway
		if (profile != null && !declared.contains(profile)) {
			StructureDefinition definitionOfProfile =
					instanceValidator.getContext().fetchResource(StructureDefinition.class, profile);
			if (definitionOfProfile != null) {
				implied.add(definitionOfProfile);
			}
		}
		return implied;
	}

	@Override
	public IValidationPolicyAdvisor getPolicyAdvisor() {
		return delegate.getPolicyAdvisor();
	}

	@Override
	public IValidationPolicyAdvisor setPolicyAdvisor(IValidationPolicyAdvisor advisor) {
		return delegate.setPolicyAdvisor(advisor);
	}

	@Override
	public ReferenceValidationPolicy getReferencePolicy() {
		return delegate.getReferencePolicy();
	}

	@Override
	public Set<String> getCheckReferencesTo() {
		return delegate.getCheckReferencesTo();
	}

	@Override
	public boolean isSuppressMessageId(String path, String messageId) {
		return delegate.isSuppressMessageId(path, messageId);
	}

	@Override
	public ReferenceValidationPolicy policyForReference(
			IResourceValidator validator, Object appContext, String path, String url, ReferenceDestinationType type) {
		return delegate.policyForReference(validator, appContext, path, url, type);
	}

	@Override
	public ContainedReferenceValidationPolicy policyForContained(
			IResourceValidator validator,
			Object appContext,
			StructureDefinition structure,
			ElementDefinition element,
			String containerType,
			String containerId,
			Element.SpecialElement containingResourceType,
			String path,
			String url) {
		return delegate.policyForContained(
				validator, appContext, structure, element, containerType, containerId, containingResourceType, path, url);
	}

	@Override
	public EnumSet<ResourceValidationAction> policyForResource(
			IResourceValidator validator, Object appContext, StructureDefinition type, String path) {
		return delegate.policyForResource(validator, appContext, type, path);
	}

	@Override
	public EnumSet<ElementValidationAction> policyForElement(
			IResourceValidator validator,
			Object appContext,
			StructureDefinition structure,
			ElementDefinition element,
			String path) {
		return delegate.policyForElement(validator, appContext, structure, element, path);
	}

	@Override
	public EnumSet<CodedContentValidationAction> policyForCodedContent(
			IResourceValidator validator,
			Object appContext,
			String stackPath,
			ElementDefinition definition,
			StructureDefinition structure,
			BindingKind kind,
			AdditionalBindingPurpose purpose,
			ValueSet valueSet,
			List<String> systems) {
		return delegate.policyForCodedContent(
				validator, appContext, stackPath, definition, structure, kind, purpose, valueSet, systems);
	}

	@Override
	public SpecialValidationAction policyForSpecialValidation(
			IResourceValidator validator, Object appContext, SpecialValidationRule rule, String stackPath,
			Element resource, Element element) {
		return delegate.policyForSpecialValidation(validator, appContext, rule, stackPath, resource, element);
	}
}
