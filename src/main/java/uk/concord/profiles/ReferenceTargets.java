package uk.concord.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.CanonicalType;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * What the validator learns about the resource a reference points to. The server validates references with
 * {@code CHECK_TYPE_IF_EXISTS}: only the target's type is checked against the profile (a GP must be an
 * Organization), and the one invariant that resolves a reference (a care team member acting on behalf of an
 * organisation) also asks only its type. For a local reference ({@code Practitioner/x}) the type is the literal's
 * own, stored or not, so the target is not read: a type-only element answers, which is what the validator would get
 * from the stored resource and also refuses a Device as a plan's author whether or not that Device exists. Reading
 * and parsing every target of every resource in a transaction was a quarter of ingest's CPU (issue 12). Whether the
 * target exists is the database's referential integrity check, which also sees targets created later in the same
 * transaction. Other references (absolute, versioned, canonical) go to HAPI's fetcher.
 */
class ReferenceTargets implements IValidatorResourceFetcher {

	private final IValidatorResourceFetcher delegate;
	private final Set<String> resourceTypes;
	private volatile Builder builder;

	ReferenceTargets(IValidatorResourceFetcher delegate, FhirContext fhir) {
		this.delegate = delegate;
		this.resourceTypes = fhir.getResourceTypes();
	}

	@Override
	public Element fetch(IResourceValidator validator, Object appContext, String url) throws FHIRException, IOException {
		String[] parts = url.split("/");
		if (parts.length == 2 && resourceTypes.contains(parts[0]) && validator instanceof InstanceValidator instanceValidator) {
			Element typeOnly = typeOnly(instanceValidator.getContext(), parts[0]);
			if (typeOnly != null) {
				return typeOnly;
			}
		}
		try {
			return delegate.fetch(validator, appContext, url);
		} catch (BaseServerResponseException notFound) {
			return null;
		}
	}

	/** An empty resource of the type, built from its definition (parsing even "{resourceType}" scans every one). */
	private Element typeOnly(IWorkerContext context, String type) {
		StructureDefinition definition = context.fetchTypeDefinition(type);
		if (definition == null) {
			return null;
		}
		Builder current = builder;
		if (current == null || current.context() != context) {
			current = new Builder(context, new ProfileUtilities(context, null, null));
			builder = current;
		}
		return Manager.build(context, definition, current.profiles()).setType(type);
	}

	/** The validator's context and what builds elements for it, kept: making the latter makes a FHIRPath engine. */
	private record Builder(IWorkerContext context, ProfileUtilities profiles) {}

	@Override
	public boolean resolveURL(IResourceValidator validator, Object appContext, String path, String url, String type,
			boolean canonical, List<CanonicalType> targets) throws IOException, FHIRException {
		return delegate.resolveURL(validator, appContext, path, url, type, canonical, targets);
	}

	@Override
	public byte[] fetchRaw(IResourceValidator validator, String url) throws IOException {
		return delegate.fetchRaw(validator, url);
	}

	@Override
	public IValidatorResourceFetcher setLocale(Locale locale) {
		delegate.setLocale(locale);
		return this;
	}

	@Override
	public CanonicalResource fetchCanonicalResource(IResourceValidator validator, Object appContext, String url)
			throws URISyntaxException {
		return delegate.fetchCanonicalResource(validator, appContext, url);
	}

	@Override
	public boolean fetchesCanonicalResource(IResourceValidator validator, String url) {
		return delegate.fetchesCanonicalResource(validator, url);
	}

	@Override
	public Set<ResourceVersionInformation> fetchCanonicalResourceVersions(
			IResourceValidator validator, Object appContext, String url) {
		return delegate.fetchCanonicalResourceVersions(validator, appContext, url);
	}
}
