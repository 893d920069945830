package uk.concord.coordination;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * What the gaps report reads, and how it becomes one {@link PatientCare} per patient. The whole population comes
 * from the {@link CareSnapshot}; one patient's record is searched for directly, as the server itself: who may see
 * the result is decided by the operation, from the caller, before anything is returned.
 */
final class CareRecords {

	/** The resource types the rules read: the patients' records, and where appointments take place. */
	static final List<String> PATIENT_TYPES = List.of("Patient", "Condition", "CareTeam", "CarePlan", "Task",
			"Appointment", "ServiceRequest", "DiagnosticReport", "DocumentReference", "Consent");
	static final List<String> SITE_TYPES = List.of("Location", "PractitionerRole", "HealthcareService");

	static final int ALL = 1_000_000;

	private final DaoRegistry daos;

	CareRecords(DaoRegistry daos) {
		this.daos = daos;
	}

	/** One patient's record ({@code Patient/x} → care), empty when there is no such patient. */
	Map<String, PatientCare> load(String patientId) {
		List<IBaseResource> record = new ArrayList<>();
		for (String type : PATIENT_TYPES) {
			SearchParameterMap map = new SearchParameterMap();
			map.setLoadSynchronousUpTo(ALL);
			map.add("Patient".equals(type) ? "_id" : "patient",
					"Patient".equals(type) ? new TokenParam(patientId) : new ReferenceParam("Patient/" + patientId));
			record.addAll(daos.getResourceDao(type).searchForResources(map, new SystemRequestDetails()));
		}
		return group(record);
	}

	/** Where appointments take place, read from the database as needed (one report's worth). */
	AppointmentSites sites() {
		return AppointmentSites.reading(daos);
	}

	/** Each resource in its patient's care; resources of no known patient, or that the rules ignore, are left out. */
	static Map<String, PatientCare> group(Collection<? extends IBaseResource> resources) {
		Map<String, PatientCare> byPatient = new LinkedHashMap<>();
		resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast)
				.forEach(p -> byPatient.put("Patient/" + p.getIdElement().getIdPart(), PatientCare.of(p)));
		for (IBaseResource resource : resources) {
			if (resource instanceof Condition c) {
				into(byPatient, c.getSubject(), r -> r.conditions().add(c));
			} else if (resource instanceof CareTeam t) {
				into(byPatient, t.getSubject(), r -> r.teams().add(t));
			} else if (resource instanceof CarePlan p) {
				into(byPatient, p.getSubject(), r -> r.plans().add(p));
			} else if (resource instanceof Task t && ReviewTasks.isReview(t)) {
				into(byPatient, t.getFor(), r -> r.reviewTasks().add(t));
			} else if (resource instanceof Appointment a && a.getStatus() == Appointment.AppointmentStatus.BOOKED) {
				a.getParticipant().forEach(p -> into(byPatient, p.getActor(), r -> r.appointments().add(a)));
			} else if (resource instanceof ServiceRequest s && isGenomic(s.getCode())
					&& s.getStatus() != ServiceRequest.ServiceRequestStatus.ENTEREDINERROR
					&& s.getStatus() != ServiceRequest.ServiceRequestStatus.REVOKED) {
				day(s.getAuthoredOnElement()).ifPresent(d -> into(byPatient, s.getSubject(), r -> r.genomicTests().add(d)));
			} else if (resource instanceof DiagnosticReport d && isGenomic(d.getCode())) {
				day(d.getIssuedElement()).or(() -> day(d.getEffectiveDateTimeType()))
						.ifPresent(day -> into(byPatient, d.getSubject(), r -> r.genomicTests().add(day)));
			} else if (resource instanceof DocumentReference d) {
				into(byPatient, d.getSubject(), r -> r.documents().add(d));
				if (isGenomic(d.getType())) {
					day(d.getDateElement()).ifPresent(day -> into(byPatient, d.getSubject(), r -> r.genomicTests().add(day)));
				}
			} else if (resource instanceof Consent c && c.getStatus() == Consent.ConsentState.ACTIVE) {
				into(byPatient, c.getPatient(), r -> r.consents().add(c));
			}
		}
		return byPatient;
	}

	/** Whether the rules could ever read this resource (the snapshot keeps only those). */
	static boolean isRead(IBaseResource resource) {
		return switch (resource.fhirType()) {
			case "Task" -> ReviewTasks.isReview((Task) resource);
			case "ServiceRequest" -> isGenomic(((ServiceRequest) resource).getCode());
			case "DiagnosticReport" -> isGenomic(((DiagnosticReport) resource).getCode());
			default -> PATIENT_TYPES.contains(resource.fhirType()) || SITE_TYPES.contains(resource.fhirType());
		};
	}

	private static void into(Map<String, PatientCare> byPatient, Reference reference, Consumer<PatientCare> add) {
		IIdType target = reference.getReferenceElement(); // parsed on every call: once here
		if ("Patient".equals(target.getResourceType()) && target.getIdPart() != null) {
			PatientCare care = byPatient.get("Patient/" + target.getIdPart());
			if (care != null) {
				add.accept(care);
			}
		}
	}

	private static boolean isGenomic(CodeableConcept code) {
		return code.getCoding().stream().anyMatch(c -> CoordinationVocabulary.GENOMIC_TESTS.contains(c.getSystem() + "|" + c.getCode()));
	}

	private static Optional<LocalDate> day(BaseDateTimeType value) {
		return Optional.ofNullable(CareDates.first(value));
	}
}
