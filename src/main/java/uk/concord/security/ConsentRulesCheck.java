package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import uk.concord.server.WriteCheck;
import org.hl7.fhir.r4.model.Reference;
import uk.concord.record.Vocabulary;

/**
 * Refuses (422) a Consent with a rule Concord could not apply, rather than store it and read it as "permit": Concord
 * applies consent to organisations named by ODS code — by an ODS identifier, or by reference to a stored
 * Organization that has one (both, when given, must agree) — and to whole records, one level of exceptions deep.
 * The profile cannot say this: whether a referenced Organization exists and has an ODS code is known only here.
 */
final class ConsentRulesCheck extends WriteCheck {

	private final FhirContext fhir;
	private final DaoRegistry daos;

	ConsentRulesCheck(FhirContext fhir, DaoRegistry daos) {
		this.fhir = fhir;
		this.daos = daos;
	}

	@Override
	protected void check(IBaseResource resource, RequestDetails request) {
		// a confirmation of a carer names a RelatedPerson, not organisations: CarerConfirmationWrites checks it
		if (!(resource instanceof Consent consent) || !consent.hasProvision() || CarerConfirmation.isCarerAccess(consent)) {
			return;
		}
		OrganisationOdsCodes odsCodes = new OrganisationOdsCodes(daos);
		List<String> problems = new ArrayList<>();
		check(consent.getProvision(), "Consent.provision", odsCodes, problems);
		for (int i = 0; i < consent.getProvision().getProvision().size(); i++) {
			check(consent.getProvision().getProvision().get(i), "Consent.provision.provision[" + i + "]", odsCodes, problems);
		}
		if (!problems.isEmpty()) {
			OperationOutcome outcome = new OperationOutcome();
			problems.forEach(problem -> outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics(problem));
			throw new UnprocessableEntityException(fhir, outcome);
		}
	}

	private static void check(ProvisionComponent provision, String path, OrganisationOdsCodes odsCodes, List<String> problems) {
		if (CareSharingConsent.isRestricted(provision)) {
			problems.add(path + ": Concord applies consent to a patient's whole record, with one level of exceptions"
					+ " naming organisations; limits to some actions, purposes, data, classes, codes, security labels"
					+ " or data periods, and deeper exceptions, cannot be applied. Record them elsewhere, or leave them out.");
		}
		for (int i = 0; i < provision.getActor().size(); i++) {
			String problem = problem(provision.getActor().get(i).getReference(), odsCodes);
			if (problem != null) {
				problems.add(path + ".actor[" + i + "]: " + problem);
			}
		}
	}

	private static String problem(Reference actor, OrganisationOdsCodes odsCodes) {
		Optional<String> byIdentifier = CareSharingConsent.odsIdentifier(actor.getIdentifier());
		Optional<String> byReference = odsCodes.referenced(actor);
		String named = actor.hasReference() ? actor.getReference() : "the actor";
		// a reference to an Organization not stored yet (later in the same transaction) leaves the identifier to decide
		IdType target = new IdType(actor.hasReference() ? actor.getReference() : "");
		boolean referenceDecides = odsCodes.organisation(actor).isPresent()
				|| target.hasResourceType() && !"Organization".equals(target.getResourceType());
		if (byIdentifier.isPresent() && referenceDecides
				&& !byIdentifier.get().equalsIgnoreCase(byReference.orElse(""))) {
			return named + " is not the organisation with ODS code " + byIdentifier.get()
					+ " that its identifier names; give a reference and an ODS identifier that agree.";
		}
		if (byIdentifier.isEmpty() && byReference.isEmpty()) {
			return named + " is not an Organization with an ODS code (" + Vocabulary.ODS_CODE + "): Concord applies"
					+ " consent to organisations, named by ODS identifier or by reference to their Organization record,"
					+ " and could not apply this rule.";
		}
		return null;
	}
}
