package uk.nhs.concord.tools.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.FhirValidator;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads Concord's conformance resources (the SUSHI output in {@code fhir-profiles/fsh-generated/resources}: every
 * StructureDefinition, CodeSystem, ValueSet and SearchParameter; instances are skipped) and builds a HAPI validator
 * that enforces them the way the server should:
 * <ul>
 *   <li>R4 core definitions from {@code hapi-fhir-validation-resources-r4} (DefaultProfileValidationSupport);</li>
 *   <li>Concord's profiles, extensions and terminology (PrePopulatedValidationSupport);</li>
 *   <li>in-memory terminology, so that Concord's complete code systems reject unknown codes;</li>
 *   <li>unknown external code systems (SNOMED CT, ICD-10/11, ORPHA, OMIM, HPO, LOINC) give a warning, not an
 *       error, since no terminology server is reachable.</li>
 * </ul>
 * Reusable from a JUnit test: {@code ConcordConformance c = ConcordConformance.load(ctx, dir); c.newValidator()}.
 */
public final class ConcordConformance {

	private static final List<String> CONFORMANCE_TYPES =
		List.of("StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter");

	private final FhirContext ctx;
	private final List<IBaseResource> resources;
	private final ValidationSupportChain chain;

	private ConcordConformance(FhirContext ctx, List<IBaseResource> resources) {
		this.ctx = ctx;
		this.resources = Collections.unmodifiableList(resources);
		PrePopulatedValidationSupport concord = new PrePopulatedValidationSupport(ctx);
		for (IBaseResource r : resources) {
			if (r instanceof StructureDefinition sd) {
				concord.addStructureDefinition(sd);
			} else if (r instanceof CodeSystem cs) {
				concord.addCodeSystem(cs);
			} else if (r instanceof ValueSet vs) {
				concord.addValueSet(vs);
			} else if (r instanceof SearchParameter sp) {
				concord.addSearchParameter(sp);
			}
		}
		UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(ctx);
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		this.chain = new ValidationSupportChain(
			new DefaultProfileValidationSupport(ctx),
			concord,
			new CommonCodeSystemsTerminologyService(ctx),
			new InMemoryTerminologyServerValidationSupport(ctx),
			new SnapshotGeneratingValidationSupport(ctx),
			unknownCodeSystems);
	}

	/** Loads every conformance resource (by resourceType) from the JSON files in {@code dir}. */
	public static ConcordConformance load(FhirContext ctx, Path dir) {
		IParser parser = ctx.newJsonParser();
		List<IBaseResource> found = new ArrayList<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
				String type = f.getFileName().toString().split("-", 2)[0];
				if (!CONFORMANCE_TYPES.contains(type)) {
					continue;
				}
				found.add(parser.parseResource(Files.readString(f, StandardCharsets.UTF_8)));
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return new ConcordConformance(ctx, found);
	}

	public FhirContext getFhirContext() {
		return ctx;
	}

	/** The loaded StructureDefinitions, CodeSystems, ValueSets and SearchParameters. */
	public List<IBaseResource> getResources() {
		return resources;
	}

	/** The validation support chain (R4 core + Concord + in-memory terminology). Build once and reuse. */
	public ValidationSupportChain getValidationSupport() {
		return chain;
	}

	/** A validator that checks each resource against R4 and against the profiles named in its meta.profile. */
	public FhirValidator newValidator() {
		FhirInstanceValidator module = new FhirInstanceValidator(chain);
		module.setAnyExtensionsAllowed(false);
		module.setErrorForUnknownProfiles(true);
		FhirValidator validator = ctx.newValidator();
		validator.registerValidatorModule(module);
		return validator;
	}
}
