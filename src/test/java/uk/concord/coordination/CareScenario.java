package uk.concord.coordination;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.GuideFiles;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/**
 * One patient's record, valid for Concord's profiles, with no coordination gap to begin with (an active team with a
 * coordinator, an active coordinated care plan and emergency plan reviewed in future, a transition plan, no
 * appointments, a clinic letter); each method takes one thing away or adds one, to make one kind of gap.
 */
final class CareScenario {

	static final String PATIENT = "urn:uuid:00000000-0000-4000-8000-000000000003";
	static final LocalDate TODAY = LocalDate.now();

	final String nhsNumber = NhsNumbers.random();
	final Bundle bundle = SharedRecord.forPatient(nhsNumber, "Gaps", "coordination");

	CareScenario() {
		CarePlan plan = first(CarePlan.class);
		plan.getExtension().get(0).setValue(new DateType(TODAY.plusDays(60).toString()));
		add(plan("emergency-care-plan", "Call 999 and say: Duchenne muscular dystrophy, steroid-dependent"), "CarePlan");
		add(plan("transition-plan", "Move to adult neuromuscular services by 18"), "CarePlan");
		patient().addAddress().setUse(org.hl7.fhir.r4.model.Address.AddressUse.HOME).setPostalCode("LS6 9ZZ");
	}

	Patient patient() {
		return first(Patient.class);
	}

	CareScenario teamsInactive() {
		all(CareTeam.class).forEach(t -> t.setStatus(CareTeam.CareTeamStatus.INACTIVE));
		return this;
	}

	/** Coordinators whose period ends tomorrow: from the day after, the teams have none. */
	CareScenario coordinatorsLeaveTomorrow() {
		all(CareTeam.class).forEach(t -> t.getParticipantFirstRep().getPeriod()
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(TODAY.plusDays(1).toString())));
		return this;
	}

	CareScenario carePlanDraft() {
		first(CarePlan.class).setStatus(CarePlan.CarePlanStatus.DRAFT);
		return this;
	}

	CareScenario withoutEmergencyPlan() {
		bundle.getEntry().removeIf(e -> e.getResource() instanceof CarePlan p && PatientCare.isOfType(p, "emergency-care-plan"));
		return this;
	}

	CareScenario withoutTransitionPlan() {
		bundle.getEntry().removeIf(e -> e.getResource() instanceof CarePlan p && PatientCare.isOfType(p, "transition-plan"));
		return this;
	}

	CareScenario reviewDue(LocalDate review) {
		first(CarePlan.class).getExtension().get(0).setValue(new DateType(review.toString()));
		return this;
	}

	CareScenario born(LocalDate birthDate) {
		patient().setBirthDateElement(new DateType(birthDate.toString()));
		return this;
	}

	CareScenario undiagnosed() {
		first(Condition.class).getCode().getCodingFirstRep().setCode("616874")
				.setDisplay("Rare disorder without a determined diagnosis after full investigation");
		return this;
	}

	CareScenario genomicTestRequested(LocalDate on) {
		ServiceRequest request = new ServiceRequest();
		request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		request.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "405825005", "Molecular genetic test")));
		request.setSubject(new Reference(PATIENT));
		request.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType(on.toString()));
		add(request, "ServiceRequest");
		return this;
	}

	/** Two booked appointments a week apart at two organisations (by their sites' managing organisations). */
	CareScenario splitVisits(String odsOne, String odsOther) {
		appointmentAt(odsOne, TODAY.plusDays(5));
		appointmentAt(odsOther, TODAY.plusDays(12));
		return this;
	}

	CareScenario combinedVisitSameDay(String odsOne, String odsOther) {
		appointmentAt(odsOne, TODAY.plusDays(5));
		appointmentAt(odsOther, TODAY.plusDays(5));
		return this;
	}

	/** A team member at UHB (RRK), whom the patient's consent (the guide's swan-consent) denies. */
	CareScenario consentDeniesTeamMember() {
		CareTeam team = first(CareTeam.class);
		team.addParticipant()
				.setRole(List.of(new CodeableConcept(new Coding("https://fhir.concord.org.uk/CodeSystem/care-team-role", "lead-consultant", null))))
				.setMember(team.getParticipantFirstRep().getMember().copy())
				.setOnBehalfOf(new Reference().setIdentifier(new Identifier().setSystem(SharedRecord.ODS).setValue("RRK")));
		Consent consent = FhirHttp.R4.newJsonParser().parseResource(Consent.class,
				GuideFiles.read(java.nio.file.Path.of("ig/examples/Consent-swan-consent.json")));
		consent.setId((IdType) null);
		consent.getPatient().setReference(PATIENT);
		consent.getPerformerFirstRep().setReference(PATIENT);
		add(consent, "Consent");
		return this;
	}

	/** As many more coordinated care plans again, each with its review on that day. */
	CareScenario morePlansDue(int plans, LocalDate review) {
		for (int i = 0; i < plans; i++) {
			CarePlan plan = plan("coordinated-care-plan", "Plan " + i);
			plan.getExtension().get(0).setValue(new DateType(review.toString()));
			add(plan, "CarePlan");
		}
		return this;
	}

	/** Sends the record; returns the patient's id. */
	String store(FhirHttp fhir) {
		Bundle response = fhir.client().transaction().withBundle(bundle).execute();
		return new IdType(response.getEntry().get(2).getResponse().getLocation()).getIdPart();
	}

	private void appointmentAt(String ods, LocalDate day) {
		String location = "urn:uuid:" + java.util.UUID.randomUUID();
		Location site = new Location();
		site.setName("Clinic at " + ods);
		site.setManagingOrganization(new Reference().setIdentifier(new Identifier().setSystem(SharedRecord.ODS).setValue(ods)));
		bundle.addEntry().setFullUrl(location).setResource(site).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Location");
		Appointment appointment = new Appointment();
		appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
		appointment.setStartElement(new InstantType(day + "T10:00:00Z"));
		appointment.setEndElement(new InstantType(day + "T10:30:00Z"));
		appointment.addParticipant().setActor(new Reference(PATIENT)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
		appointment.addParticipant().setActor(new Reference(location)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
		add(appointment, "Appointment");
	}

	private CarePlan plan(String type, String description) {
		CarePlan plan = first(CarePlan.class).copy();
		plan.setIdentifier(List.of());
		plan.getCategoryFirstRep().getCodingFirstRep().setCode(type);
		plan.setDescription(description);
		return plan;
	}

	private void add(Resource resource, String type) {
		bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(resource)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(type);
	}

	private <T extends Resource> T first(Class<T> type) {
		return all(type).get(0);
	}

	private <T extends Resource> List<T> all(Class<T> type) {
		Predicate<Bundle.BundleEntryComponent> of = e -> type.isInstance(e.getResource());
		return bundle.getEntry().stream().filter(of).map(e -> type.cast(e.getResource())).toList();
	}
}
