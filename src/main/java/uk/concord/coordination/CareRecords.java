package uk.concord.coordination;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
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
 * Gathers what the gaps report needs, one search per resource type (not one per patient), as the server itself:
 * who may see the result is decided by the operation, from the caller, before anything is returned.
 */
final class CareRecords {

	private static final int ALL = 1_000_000;

	private final DaoRegistry daos;

	CareRecords(DaoRegistry daos) {
		this.daos = daos;
	}

	/** Every patient's record, or only {@code patientId}'s when it is given; keyed by {@code Patient/x}. */
	Map<String, PatientCare> load(String patientId) {
		Map<String, PatientCare> byPatient = new LinkedHashMap<>();
		SearchParameterMap patients = all();
		if (patientId != null) {
			patients.add("_id", new TokenParam(patientId));
		}
		search("Patient", patients, Patient.class, p -> byPatient.put("Patient/" + p.getIdElement().getIdPart(), PatientCare.of(p)));
		search("Condition", forPatient(patientId), Condition.class, c -> into(byPatient, c.getSubject(), r -> r.conditions().add(c)));
		search("CareTeam", forPatient(patientId), CareTeam.class, t -> into(byPatient, t.getSubject(), r -> r.teams().add(t)));
		search("CarePlan", forPatient(patientId), CarePlan.class, p -> into(byPatient, p.getSubject(), r -> r.plans().add(p)));
		search("Task", forPatient(patientId).add("code", new TokenParam(CoordinationVocabulary.TASK_SYSTEM,
				CoordinationVocabulary.REVIEW_TASK_CODE)), Task.class, t -> into(byPatient, t.getFor(), r -> r.reviewTasks().add(t)));
		search("Appointment", forPatient(patientId).add("status", new TokenParam("booked")), Appointment.class,
				a -> a.getParticipant().forEach(p -> into(byPatient, p.getActor(), r -> r.appointments().add(a))));
		search("ServiceRequest", forPatient(patientId), ServiceRequest.class, s -> {
			if (isGenomic(s.getCode()) && s.getStatus() != ServiceRequest.ServiceRequestStatus.ENTEREDINERROR
					&& s.getStatus() != ServiceRequest.ServiceRequestStatus.REVOKED) {
				day(s.getAuthoredOnElement()).ifPresent(d -> into(byPatient, s.getSubject(), r -> r.genomicTests().add(d)));
			}
		});
		search("DiagnosticReport", forPatient(patientId), DiagnosticReport.class, d -> {
			if (isGenomic(d.getCode())) {
				day(d.getIssuedElement()).or(() -> day(d.getEffectiveDateTimeType()))
						.ifPresent(day -> into(byPatient, d.getSubject(), r -> r.genomicTests().add(day)));
			}
		});
		search("DocumentReference", forPatient(patientId), DocumentReference.class, d -> {
			into(byPatient, d.getSubject(), r -> r.documents().add(d));
			if (isGenomic(d.getType())) {
				day(d.getDateElement()).ifPresent(day -> into(byPatient, d.getSubject(), r -> r.genomicTests().add(day)));
			}
		});
		search("Consent", forPatient(patientId).add("status", new TokenParam("active")), Consent.class,
				c -> into(byPatient, c.getPatient(), r -> r.consents().add(c)));
		return byPatient;
	}

	private <T extends IBaseResource> void search(String type, SearchParameterMap map, Class<T> as, Consumer<T> each) {
		List<IBaseResource> found = daos.getResourceDao(type).searchForResources(map, new SystemRequestDetails());
		found.stream().map(as::cast).forEach(each);
	}

	private static SearchParameterMap all() {
		SearchParameterMap map = new SearchParameterMap();
		map.setLoadSynchronousUpTo(ALL);
		return map;
	}

	private static SearchParameterMap forPatient(String patientId) {
		SearchParameterMap map = all();
		if (patientId != null) {
			map.add("patient", new ReferenceParam("Patient/" + patientId));
		}
		return map;
	}

	private static void into(Map<String, PatientCare> byPatient, Reference reference, Consumer<PatientCare> add) {
		String id = reference.getReferenceElement().getIdPart();
		if ("Patient".equals(reference.getReferenceElement().getResourceType()) && id != null) {
			PatientCare care = byPatient.get("Patient/" + id);
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
