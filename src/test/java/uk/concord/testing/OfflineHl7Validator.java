package uk.concord.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.ValueSet;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidationPolicyAdvisor;
import org.hl7.fhir.r5.utils.validation.constants.BindingKind;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidationEngine;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;

/**
 * The HL7 validation engine ({@code org.hl7.fhir.validation.ValidationEngine}, the engine behind validator_cli.jar),
 * offline: no terminology server, hl7.fhir.r4.core#4.0.1 read from {@link FhirPackageCache}, Concord's conformance
 * resources loaded from the built FHIR package {@code target/classes/fhir-package/concord.fhir.r4.tgz}. Started once
 * per JVM ({@link #shared()}): it takes several seconds.
 *
 * <p>Two offline concessions (see {@link OfflinePolicyAdvisor}): references between examples are not resolved, and
 * the MIME-type binding on {@code Attachment.contentType} is not checked.
 */
public final class OfflineHl7Validator {

	/** Written by {@code mvn process-classes} (FhirPackageBuilder). */
	public static final Path BUILT_PACKAGE = Path.of("target", "classes", "fhir-package", "concord.fhir.r4.tgz");

	private static OfflineHl7Validator shared;

	private final ValidationEngine engine;

	private OfflineHl7Validator(ValidationEngine engine) {
		this.engine = engine;
	}

	/** The one engine of this JVM, with R4 core and the built Concord package loaded. */
	public static synchronized OfflineHl7Validator shared() {
		if (shared == null) {
			shared = new OfflineHl7Validator(start(FhirPackageCache.directory(), BUILT_PACKAGE.toAbsolutePath()));
		}
		return shared;
	}

	private static ValidationEngine start(Path packageCache, Path concordPackage) {
		if (!Files.isRegularFile(concordPackage)) {
			throw new IllegalStateException(concordPackage + " is missing: build it first with `mvn process-classes`");
		}
		// The engine's package cache manager is created while it loads R4 core, and it reads the cache folder from
		// ${user.home}/.fhir/packages; there is no other way to point it elsewhere. Point it at a home folder whose
		// .fhir/packages is the cache for the duration of start-up only: the manager keeps its folder afterwards.
		Path home = packageCache.resolveSibling("fhir-validator-home");
		String userHome = System.getProperty("user.home");
		try {
			linkPackages(home, packageCache);
			System.setProperty("user.home", home.toString());
			ValidationEngine engine = new ValidationEngine.ValidationEngineBuilder()
					.withVersion("4.0.1")
					.withCanRunWithoutTerminologyServer(true)
					.withNoTerminologyServer()
					.withUserAgent("concord-offline-check")
					.fromSource(BuildR4CorePackage.R4_CORE);
			engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), concordPackage.toString(), false);
			engine.setAnyExtensionsAllowed(false);
			engine.setPolicyAdvisor(new OfflinePolicyAdvisor());
			engine.prepare();
			return engine;
		} catch (Exception e) {
			throw new IllegalStateException("Could not start the HL7 validation engine offline", e);
		} finally {
			System.setProperty("user.home", userHome);
		}
	}

	private static void linkPackages(Path home, Path packageCache) throws IOException {
		Path link = home.resolve(".fhir").resolve("packages");
		Files.createDirectories(link.getParent());
		if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(packageCache)) {
			return;
		}
		Files.deleteIfExists(link);
		Files.createSymbolicLink(link, packageCache);
	}

	public ValidationEngine engine() {
		return engine;
	}

	/** Every message (errors, warnings, information) for one JSON file. */
	public synchronized List<ValidationMessage> validate(Path jsonFile) {
		List<ValidationMessage> messages = new ArrayList<>();
		try {
			engine.validate(Files.readAllBytes(jsonFile), Manager.FhirFormat.JSON, new ArrayList<>(), messages);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (Exception e) {
			throw new IllegalStateException("The HL7 validation engine failed on " + jsonFile, e);
		}
		return messages;
	}

	public static List<ValidationMessage> errors(List<ValidationMessage> messages) {
		return messages.stream()
				.filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
						|| m.getLevel() == ValidationMessage.IssueSeverity.FATAL)
				.toList();
	}

	/** Whether the message text or its location contains {@code text}. */
	public static boolean mentions(ValidationMessage m, String text) {
		return (m.getMessage() != null && m.getMessage().contains(text))
				|| (m.getLocation() != null && m.getLocation().contains(text));
	}

	/** One line per message, for assertion failures. */
	public static String describe(List<ValidationMessage> messages) {
		StringBuilder b = new StringBuilder();
		for (ValidationMessage m : messages) {
			b.append("\n    ").append(m.getLevel()).append(' ').append(m.getLocation()).append(": ").append(m.getMessage());
		}
		return b.toString();
	}

	/**
	 * Ignores references (the examples reference each other and there is no server to resolve them; HAPI's validator
	 * does not check them either without a resource fetcher) and skips the one binding that cannot be checked without
	 * a terminology server: MIME types (urn:ietf:bcp:13, required binding on Attachment.contentType). The server's own
	 * HAPI validator checks those (CommonCodeSystemsTerminologyService).
	 */
	static final class OfflinePolicyAdvisor extends BasePolicyAdvisorForFullValidation {

		OfflinePolicyAdvisor() {
			super(ReferenceValidationPolicy.IGNORE, new HashSet<>());
		}

		@Override
		public EnumSet<IValidationPolicyAdvisor.CodedContentValidationAction> policyForCodedContent(
				IResourceValidator validator,
				Object appContext,
				String stackPath,
				ElementDefinition definition,
				StructureDefinition structure,
				BindingKind kind,
				IValidationPolicyAdvisor.AdditionalBindingPurpose purpose,
				ValueSet valueSet,
				List<String> systems) {
			if (valueSet != null && valueSet.getUrl() != null
					&& valueSet.getUrl().startsWith("http://hl7.org/fhir/ValueSet/mimetypes")) {
				return EnumSet.noneOf(IValidationPolicyAdvisor.CodedContentValidationAction.class);
			}
			return super.policyForCodedContent(
					validator, appContext, stackPath, definition, structure, kind, purpose, valueSet, systems);
		}
	}
}
