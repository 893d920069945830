package uk.concord.coordination;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

/**
 * Which organisation an appointment is with: R4 appointments name no organisation, so it is the one that runs the
 * appointment's Location ({@code managingOrganization}), employs its PractitionerRole ({@code organization}) or
 * provides its HealthcareService ({@code providedBy}); the ODS code when the reference gives one. Each resolved once.
 */
final class AppointmentSites {

	private final DaoRegistry daos;
	private final Map<String, Optional<String>> known = new HashMap<>();

	AppointmentSites(DaoRegistry daos) {
		this.daos = daos;
	}

	Optional<String> organisationOf(Appointment appointment) {
		return appointment.getParticipant().stream()
				.map(p -> p.getActor().getReferenceElement().getValue())
				.filter(r -> r != null && !r.startsWith("Patient/"))
				.map(r -> known.computeIfAbsent(r, this::resolve))
				.flatMap(Optional::stream)
				.findFirst();
	}

	private Optional<String> resolve(String reference) {
		IdType id = new IdType(reference);
		try {
			return switch (id.getResourceType()) {
				case "Location" -> organisation(((Location) read(id)).getManagingOrganization());
				case "PractitionerRole" -> organisation(((PractitionerRole) read(id)).getOrganization());
				case "HealthcareService" -> organisation(((HealthcareService) read(id)).getProvidedBy());
				default -> Optional.empty();
			};
		} catch (BaseServerResponseException | ClassCastException missing) {
			return Optional.empty();
		}
	}

	private Object read(IdType id) {
		return daos.getResourceDao(id.getResourceType()).read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
	}

	private static Optional<String> organisation(Reference reference) {
		if (reference.getIdentifier().hasValue()) {
			return Optional.of(reference.getIdentifier().getValue());
		}
		return Optional.ofNullable(reference.getReferenceElement().getValue()).filter(r -> !r.isBlank());
	}
}
