package uk.concord.emergency;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import uk.concord.record.Vocabulary;

/**
 * What an emergency card shows, read as the server for the card's patient only: who the patient is (name and date of
 * birth, to check it is them), the active alerts, the active emergency care plans and whom to call (the care
 * coordinator, the care team, the carers). Nothing else of the record is read, so nothing else can be shown.
 */
public class EmergencyInformation {

	static final String CARE_PLAN_TYPE_SYSTEM = uk.concord.record.Vocabulary.CARE_PLAN_TYPE;
	static final String EMERGENCY_CARE_PLAN = "emergency-care-plan";
	static final String CARE_TEAM_ROLE_SYSTEM = Vocabulary.CARE_TEAM_ROLE;
	static final String COORDINATOR = "care-coordinator";
		private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

	/** The emergency view and the printed card. */
	public record Emergency(
			String name, String birthDate, List<String> rareConditions, List<String> alerts, List<Plan> plans,
			List<Contact> contacts) {

		/** The coordinator's phone, for the printed card; empty when none is recorded. */
		public Optional<Contact> coordinator() {
			return contacts.stream().filter(Contact::coordinator).filter(c -> !c.phone().isBlank()).findFirst();
		}
	}

	public record Plan(String title, String instructions, List<String> steps) {}

	/** A phone number with whose it is, e.g. "Care coordinator", "Sam Patel", "Great Ormond Street Hospital". */
	public record Contact(String role, String name, String organisation, String phone, boolean coordinator) {}

	private final DaoRegistry daos;
	private final Clock clock;

	EmergencyInformation(DaoRegistry daos, Clock clock) {
		this.daos = daos;
		this.clock = clock;
	}

	Emergency of(String patientId) {
		Patient patient = read(new Reference("Patient/" + patientId), Patient.class)
				.orElseThrow(() -> new ResourceNotFoundException(new IdType("Patient", patientId)));
		return new Emergency(
				name(patient),
				patient.hasBirthDate()
						? DATE.format(patient.getBirthDateElement().getValueAsCalendar().toZonedDateTime())
						: "",
				rareConditions(patientId),
				alerts(patientId),
				plans(patientId),
				contacts(patientId));
	}

	private List<String> rareConditions(String patientId) {
		return search(Condition.class, "patient", patientId).stream()
				.filter(condition -> !hasCode(condition.getClinicalStatus(), "resolved", "inactive", "remission"))
				.flatMap(condition -> condition.getCode().getCoding().stream()
						.filter(coding -> Vocabulary.ORPHANET_SYSTEMS.contains(coding.getSystem()))
						.map(coding -> coding.hasDisplay() ? coding.getDisplay() : text(condition.getCode())))
				.distinct()
				.toList();
	}

	private List<String> alerts(String patientId) {
		return search(Flag.class, "patient", patientId).stream()
				.filter(flag -> flag.getStatus() == Flag.FlagStatus.ACTIVE)
				.map(flag -> text(flag.getCode()))
				.filter(text -> !text.isBlank())
				.distinct()
				.toList();
	}

	private List<Plan> plans(String patientId) {
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add(CarePlan.SP_PATIENT, new ReferenceParam("Patient/" + patientId))
				.add(CarePlan.SP_CATEGORY, new TokenParam(CARE_PLAN_TYPE_SYSTEM, EMERGENCY_CARE_PLAN));
		return resources(CarePlan.class, search).stream()
				.filter(plan -> plan.getStatus() == CarePlan.CarePlanStatus.ACTIVE)
				.map(plan -> new Plan(plan.getTitle(), plan.getDescription(), plan.getActivity().stream()
						.map(activity -> activity.getDetail().getDescription())
						.filter(step -> step != null && !step.isBlank())
						.toList()))
				.toList();
	}

	private List<Contact> contacts(String patientId) {
		List<Contact> coordinators = new ArrayList<>();
		List<Contact> teams = new ArrayList<>();
		Date now = Date.from(clock.instant());
		for (CareTeam team : activeTeams(patientId)) {
			for (CareTeam.CareTeamParticipantComponent participant : currentCoordinators(team, now)) {
				String organisation = participant.getOnBehalfOf().getDisplay();
				read(participant.getMember(), Practitioner.class).ifPresent(coordinator -> coordinator.getTelecom()
						.stream().filter(EmergencyInformation::isPhone).forEach(phone -> coordinators.add(new Contact(
								"Care coordinator", name(coordinator.getNameFirstRep()), organisation,
								phone.getValue(), true))));
			}
			team.getTelecom().stream().filter(EmergencyInformation::isPhone).forEach(phone -> teams.add(
					new Contact("Care team", team.getName(), "", phone.getValue(), false)));
		}
		List<Contact> carers = new ArrayList<>();
		for (RelatedPerson person : search(RelatedPerson.class, "patient", patientId)) {
			if (!person.getActive() || !current(person.getPeriod(), now)) {
				continue;
			}
			String relationship = person.getRelationship().stream().map(EmergencyInformation::text)
					.filter(text -> !text.isBlank()).findFirst().orElse("Carer");
			person.getTelecom().stream().filter(EmergencyInformation::isPhone).forEach(phone -> carers.add(new Contact(
					capitalised(relationship), name(person.getNameFirstRep()), "", phone.getValue(), false)));
		}
		List<Contact> all = new ArrayList<>(coordinators);
		all.addAll(teams);
		all.addAll(carers);
		return all;
	}

	/** Whether this user ({@code Practitioner/x}) is a current care coordinator of the patient. */
	boolean isCoordinator(String patientId, String fhirUser) {
		Date now = Date.from(clock.instant());
		return fhirUser != null && activeTeams(patientId).stream()
				.flatMap(team -> currentCoordinators(team, now).stream())
				.anyMatch(participant -> fhirUser.equals(participant.getMember().getReference()));
	}

	private List<CareTeam> activeTeams(String patientId) {
		return search(CareTeam.class, "patient", patientId).stream()
				.filter(team -> team.getStatus() == CareTeam.CareTeamStatus.ACTIVE)
				.toList();
	}

	private static List<CareTeam.CareTeamParticipantComponent> currentCoordinators(CareTeam team, Date now) {
		return team.getParticipant().stream()
				.filter(participant -> current(participant.getPeriod(), now) && participant.getRole().stream()
						.anyMatch(role -> role.hasCoding(CARE_TEAM_ROLE_SYSTEM, COORDINATOR)))
				.toList();
	}

	private <T extends Resource> List<T> search(Class<T> type, String patientParameter, String patientId) {
		return resources(type, SearchParameterMap.newSynchronous()
				.add(patientParameter, new ReferenceParam("Patient/" + patientId)));
	}

	private <T extends Resource> List<T> resources(Class<T> type, SearchParameterMap search) {
		return daos.getResourceDao(type).searchForResources(search, new SystemRequestDetails());
	}

	private <T extends Resource> Optional<T> read(Reference reference, Class<T> type) {
		if (!reference.hasReference() || !reference.getReference().startsWith(daos.getFhirContext()
				.getResourceType(type) + "/")) {
			return Optional.empty();
		}
		try {
			return Optional.of(daos.getResourceDao(type)
					.read(new IdType(reference.getReference()).toUnqualifiedVersionless(), new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	private static boolean current(Period period, Date now) {
		return (!period.hasStart() || !period.getStart().after(now)) && (!period.hasEnd() || period.getEnd().after(now));
	}

	private static boolean isPhone(ContactPoint point) {
		return point.getSystem() == ContactPoint.ContactPointSystem.PHONE && point.hasValue();
	}

	private static boolean hasCode(CodeableConcept concept, String... codes) {
		return concept.getCoding().stream().map(Coding::getCode).anyMatch(List.of(codes)::contains);
	}

	private static String name(Patient patient) {
		return patient.getName().stream()
				.filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL || n.getUse() == null)
				.findFirst()
				.or(() -> patient.getName().stream().findFirst())
				.map(EmergencyInformation::name)
				.orElse("");
	}

	private static String name(HumanName name) {
		if (name.hasText()) {
			return name.getText();
		}
		List<String> parts = new ArrayList<>();
		name.getGiven().forEach(given -> parts.add(given.getValue()));
		if (name.hasFamily()) {
			parts.add(name.getFamily());
		}
		return String.join(" ", parts);
	}

	private static String text(CodeableConcept concept) {
		if (concept.hasText()) {
			return concept.getText();
		}
		return concept.getCoding().stream()
				.map(coding -> coding.hasDisplay() ? coding.getDisplay() : coding.getCode())
				.filter(text -> text != null && !text.isBlank())
				.findFirst()
				.orElse("");
	}

	private static String capitalised(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}
}
