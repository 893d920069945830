package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import uk.concord.server.WriteCheck;

/**
 * Refuses (422) a care team that lists another patient's record as a member: another patient, their relative, their
 * care team. Such a member would carry that patient's records into this patient's GP lookup and summary (and the
 * lookup would then be refused to everyone who may not see them). The CoordinatedCareTeam profile already limits
 * members to practitioners, roles, related persons, patients and organisations; which patient a member belongs to
 * can only be known by reading it, so that rule is here, not in the profile.
 */
final class CareTeamMembersCheck extends WriteCheck {

	private final FhirContext fhir;
	private final DaoRegistry daos;

	CareTeamMembersCheck(FhirContext fhir, DaoRegistry daos) {
		this.fhir = fhir;
		this.daos = daos;
	}

	@Override
	protected void check(IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof CareTeam team) || !team.getSubject().getReferenceElement().hasIdPart()) {
			return;
		}
		String patient = "Patient/" + team.getSubject().getReferenceElement().getIdPart();
		OperationOutcome outcome = new OperationOutcome();
		for (int i = 0; i < team.getParticipant().size(); i++) {
			IdType member = new IdType(team.getParticipant().get(i).getMember().getReference() == null
					? "" : team.getParticipant().get(i).getMember().getReference());
			Set<String> owners = ownersOf(member);
			if (!owners.isEmpty() && !owners.contains(patient)) {
				outcome.addIssue()
						.setSeverity(OperationOutcome.IssueSeverity.ERROR)
						.setCode(OperationOutcome.IssueType.PROCESSING)
						.setDiagnostics("CareTeam.participant[" + i + "].member: " + member.toUnqualifiedVersionless().getValue()
								+ " is another patient's record. A care team's members are its own patient, their"
								+ " relatives and carers, professionals and organisations; another patient's records"
								+ " cannot be members of " + patient + "'s care team.")
						.addExpression("CareTeam.participant[" + i + "].member");
			}
		}
		if (outcome.hasIssue()) {
			throw new UnprocessableEntityException(fhir, outcome);
		}
	}

	/** Whose record the member is; empty for directory records, and for references Concord cannot follow. */
	private Set<String> ownersOf(IdType member) {
		if (!member.hasResourceType() || !member.hasIdPart() || member.isAbsolute()) {
			return Set.of();
		}
		if ("Patient".equals(member.getResourceType())) {
			return Set.of("Patient/" + member.getIdPart());
		}
		if (ScopeRules.SHARED_TYPES.contains(member.getResourceType()) || !daos.isResourceTypeSupported(member.getResourceType())) {
			return Set.of();
		}
		try {
			IBaseResource target = daos.getResourceDao(member.getResourceType())
					.read(member.toUnqualifiedVersionless(), new SystemRequestDetails());
			return PatientsOf.resource(fhir, target);
		} catch (BaseServerResponseException notThere) {
			// referential integrity is HAPI's to enforce
			return Set.of();
		}
	}
}
