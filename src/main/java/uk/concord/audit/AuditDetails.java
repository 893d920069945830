package uk.concord.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import java.util.Comparator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import uk.concord.security.Caller;
import uk.concord.security.CarerAccess;
import uk.concord.security.PatientsOf;
import uk.concord.record.Vocabulary;

/**
 * Who an audit record names, from the caller's token: the client (by client id), the user it acts for (its
 * {@code fhirUser}, else the token subject), the user's organisation (ODS code) and, for break-glass, the v3
 * ActReason {@code BTG} with the reason the clinician gave.
 */
final class AuditDetails implements IBalpAuditContextServices {

	static final String CLIENT_ID_SYSTEM = "https://fhir.concord.org.uk/Id/client-id";
	static final String SUBJECT_SYSTEM = "https://fhir.concord.org.uk/Id/token-subject";
	static final String RESOURCE_SYSTEM = "https://fhir.concord.org.uk/Id/audited-resource";
	/** Stands for "no patient" where BALP expects one; never stored. */
	static final String NO_PATIENT = "urn:concord:no-patient";
	static final Coding BREAK_GLASS =
			new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "BTG", "break the glass");
	/** Proxy access: the carer acts as the patient's agent (v3 RoleClass AGNT), on behalf of the patient (PAT). */
	static final Coding CARER_ROLE = new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "AGNT", "agent");
	static final Coding PATIENT_ROLE = new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PAT", "patient");
	private static final Coding ORGANISATION_ROLE =
			new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV", "healthcare provider");

	@Override
	public Reference getAgentClientWho(RequestDetails request) {
		return clientWho(Caller.of(request));
	}

	@Override
	public Reference getAgentUserWho(RequestDetails request) {
		return userWho(Caller.of(request));
	}

	static Reference clientWho(Caller caller) {
		return new Reference()
				.setIdentifier(new Identifier().setSystem(CLIENT_ID_SYSTEM).setValue(caller.clientId()))
				.setDisplay(caller.clientId());
	}

	static Reference userWho(Caller caller) {
		if (caller.fhirUser() != null) {
			return new Reference(caller.fhirUser());
		}
		return new Reference().setIdentifier(new Identifier().setSystem(SUBJECT_SYSTEM).setValue(caller.subject()));
	}

	/**
	 * BALP asks for two kinds of id: the audited resource's own, kept as a relative versioned reference
	 * ({@code CarePlan/x/_history/2}: resolvable here, searchable by {@code entity=CarePlan/x}), and the patients whose
	 * record it is in, as {@code Patient/x}. HAPI's compartment lookup also offers owners that are not patients (a
	 * CareTeam's practitioners and organisations), for each of which BALP would write a record naming it as the
	 * patient; such an owner is replaced by the resource's real patient, whose record it then merges with, or, when
	 * the resource has none, by {@link #NO_PATIENT}, which {@link #dropNonPatients} removes.
	 */
	@Override
	public String massageResourceIdForStorage(RequestDetails request, IBaseResource resource, IIdType id) {
		if ("Patient".equals(id.getResourceType())) {
			return "Patient/" + id.getIdPart();
		}
		IIdType own = resource.getIdElement();
		if (id.getIdPart() != null && id.getIdPart().equals(own.getIdPart())
				&& request.getFhirContext().getResourceType(resource).equals(id.getResourceType())) {
			return id.toUnqualified().getValue();
		}
		// asked once per owner (a care team has many): worked out once per resource and request
		return (String) request.getUserData().computeIfAbsent(new RealPatientOf(resource), key -> PatientsOf
				.resource(request.getFhirContext(), resource).stream().min(Comparator.naturalOrder()).orElse(NO_PATIENT));
	}

	/** Key of {@link RequestDetails#getUserData()}; resources compare by identity, so one entry per resource shown. */
	private record RealPatientOf(IBaseResource resource) {}

	/** Removes the patient entity BALP adds for a compartment owner that is not a patient (see above). */
	static void dropNonPatients(AuditEvent event) {
		event.getEntity().removeIf(entity -> NO_PATIENT.equals(entity.getWhat().getReference()));
	}

	/** Adds what BALP does not know of: the user's organisation, a carer's proxy access and a break-glass reason. */
	static void addCaller(AuditEvent event) {
		Caller.ofThisThreadsRequest().ifPresent(caller -> addCaller(event, caller));
	}

	static void addCaller(AuditEvent event, Caller caller) {
		if (caller.organisation() != null) {
			event.addAgent()
					.setType(new CodeableConcept(ORGANISATION_ROLE))
					.setWho(new Reference().setIdentifier(new Identifier().setSystem(Vocabulary.ODS_CODE).setValue(caller.organisation())))
					.setRequestor(false);
		}
		if (CarerAccess.isCarer(caller)) {
			event.getAgent().stream()
					.filter(agent -> caller.fhirUser().equals(agent.getWho().getReference()))
					.forEach(carer -> carer.getType().addCoding(CARER_ROLE.copy()));
			event.addAgent()
					.setType(new CodeableConcept(PATIENT_ROLE.copy()))
					.setWho(new Reference("Patient/" + caller.patient()))
					.setRequestor(false);
		}
		if (caller.isBreakingGlass()) {
			event.addPurposeOfEvent(new CodeableConcept(BREAK_GLASS.copy()).setText(caller.breakGlassReason()));
			event.getAgent().stream()
					.filter(AuditEvent.AuditEventAgentComponent::getRequestor)
					.forEach(agent -> agent.addPurposeOfUse(
							new CodeableConcept(BREAK_GLASS.copy()).setText(caller.breakGlassReason())));
		}
	}

	static String summary(AuditEvent event) {
		return event.getSubtype().stream().map(Coding::getCode).toList() + " "
				+ event.getEntity().stream().map(entity -> entity.getWhat().getReference()).toList() + " by "
				+ event.getAgent().stream().map(agent -> agent.getWho().getIdentifier().getValue()).toList();
	}
}
