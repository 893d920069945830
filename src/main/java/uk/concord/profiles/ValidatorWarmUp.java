package uk.concord.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IValidatorModule;
import java.util.Collection;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.task.TaskExecutor;

/**
 * The validator's first use converts every StructureDefinition to R5 and builds its FHIRPath engine and caches: seconds
 * on an idle machine, minutes on a busy one, and with several clients writing at once each of them pays it. Once the
 * server is ready, this validates an empty resource of each profiled type in the background, so the first client's
 * write does not wait for that. What the validator says about the empty resources is of no interest.
 */
class ValidatorWarmUp implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(ValidatorWarmUp.class);

	private final FhirContext fhir;
	private final IValidatorModule validatorModule;
	private final Collection<String> profiledTypes;
	private final TaskExecutor background;

	ValidatorWarmUp(
			FhirContext fhir, IValidatorModule validatorModule, Collection<String> profiledTypes, TaskExecutor background) {
		this.fhir = fhir;
		this.validatorModule = validatorModule;
		this.profiledTypes = profiledTypes;
		this.background = background;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent ready) {
		background.execute(this::warmUp);
	}

	private void warmUp() {
		long start = System.nanoTime();
		FhirValidator validator = fhir.newValidator().registerValidatorModule(validatorModule);
		for (String type : profiledTypes) {
			try {
				IBaseResource empty = fhir.getResourceDefinition(type).newInstance();
				validator.validateWithResult(empty);
			} catch (RuntimeException e) {
				log.debug("Validator warm-up with an empty {} failed", type, e);
			}
		}
		log.info("Validator warmed up for {} profiled types in {} ms", profiledTypes.size(),
				(System.nanoTime() - start) / 1_000_000);
	}
}
