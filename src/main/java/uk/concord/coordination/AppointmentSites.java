package uk.concord.coordination;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
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

	private final Function<IdType, Optional<IBaseResource>> reader;
	private final Map<String, Optional<String>> known = new HashMap<>();

	private AppointmentSites(Function<IdType, Optional<IBaseResource>> reader) {
		this.reader = reader;
	}

	/** Sites read from the database as they are needed. */
	static AppointmentSites reading(DaoRegistry daos) {
		return new AppointmentSites(id -> {
			try {
				return Optional.of(daos.getResourceDao(id.getResourceType()).read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
			} catch (BaseServerResponseException missing) {
				return Optional.empty();
			}
		});
	}

	/** Sites as the gaps report's snapshot holds them. */
	static AppointmentSites from(CareSnapshot snapshot) {
		return new AppointmentSites(id -> snapshot.find(id.getResourceType() + "/" + id.getIdPart()));
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
		if (!CareRecords.SITE_TYPES.contains(id.getResourceType()) || id.getIdPart() == null) {
			return Optional.empty();
		}
		return reader.apply(id).flatMap(AppointmentSites::organisationRunning);
	}

	private static Optional<String> organisationRunning(IBaseResource site) {
		if (site instanceof Location location) {
			return organisation(location.getManagingOrganization());
		}
		if (site instanceof PractitionerRole role) {
			return organisation(role.getOrganization());
		}
		if (site instanceof HealthcareService service) {
			return organisation(service.getProvidedBy());
		}
		return Optional.empty();
	}

	private static Optional<String> organisation(Reference reference) {
		if (reference.getIdentifier().hasValue()) {
			return Optional.of(reference.getIdentifier().getValue());
		}
		return Optional.ofNullable(reference.getReferenceElement().getValue()).filter(r -> !r.isBlank());
	}
}
