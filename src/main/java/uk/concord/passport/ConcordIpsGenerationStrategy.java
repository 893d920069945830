package uk.concord.passport;

import ca.uhn.fhir.jpa.ips.api.IpsContext;
import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.jpa.ips.api.Section;
import ca.uhn.fhir.jpa.ips.jpa.DefaultJpaIpsGenerationStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategyCollection;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * The health passport: an International Patient Summary (HAPI's IPS module) whose sections are chosen for a person
 * with a rare condition. The rare condition(s) (problem list), the alert flag and the emergency care plan come first,
 * then the care team with its coordinator and their contacts, the current care plans and the key documents, then the
 * usual IPS sections (allergies, medication, ...), which are empty or absent on most Concord records.
 *
 * <p>The document's author is the Concord server itself (a {@link Device}), never a placeholder organisation.
 */
public class ConcordIpsGenerationStrategy extends DefaultJpaIpsGenerationStrategy {

	/** Concord's code system for passport sections that neither IPS nor LOINC defines. */
	public static final String PASSPORT_SECTION_SYSTEM = "https://fhir.concord.org.uk/CodeSystem/passport-section";

	/** LOINC "Alert" (the Alerts section of IPS 2.0.0, entries are Flags). */
	public static final String SECTION_CODE_ALERTS = "104605-1";
	/** LOINC "Patient Care team information" (the C-CDA Care Teams section). */
	public static final String SECTION_CODE_CARE_TEAM = "85847-2";
	public static final String SECTION_CODE_EMERGENCY_CARE_PLAN = "emergency-care-plan";
	public static final String SECTION_CODE_KEY_DOCUMENTS = "key-documents";

	static final String CARE_PLAN_TYPE_SYSTEM = uk.concord.record.Vocabulary.CARE_PLAN_TYPE;
	static final String EMERGENCY_CARE_PLAN = "emergency-care-plan";
	static final String PROFILE_BASE = "https://fhir.concord.org.uk/passport#";

	private final String serverVersion;

	public ConcordIpsGenerationStrategy(String serverVersion) {
		this.serverVersion = serverVersion;
	}

	@Override
	protected void addSections() {
		addAlerts();
		addJpaSectionProblemList();
		addEmergencyCarePlans();
		addCareTeams();
		addJpaSectionPlanOfCare();
		addKeyDocuments();
		addJpaSectionAllergyIntolerance();
		addJpaSectionMedicationSummary();
		addJpaSectionImmunizations();
		addJpaSectionProcedures();
		addJpaSectionMedicalDevices();
		addJpaSectionDiagnosticResults();
		addJpaSectionVitalSigns();
		addJpaSectionSocialHistory();
		addJpaSectionIllnessHistory();
		addJpaSectionFunctionalStatus();
		addJpaSectionAdvanceDirectives();
	}

	/** Every section, HAPI's and Concord's, searches synchronously ({@link SynchronousSectionSearches}). */
	@Override
	protected void addJpaSection(Section section, JpaSectionSearchStrategyCollection strategies) {
		super.addJpaSection(section, SynchronousSectionSearches.of(strategies));
	}

	private void addAlerts() {
		Section section = section("Alerts", SECTION_SYSTEM_LOINC, SECTION_CODE_ALERTS, "Alert", Flag.class, "alerts");
		addJpaSection(section, JpaSectionSearchStrategyCollection.newBuilder()
				.addStrategy(Flag.class, new JpaSectionSearchStrategy<Flag>() {
					@Override
					public boolean shouldInclude(IpsSectionContext<Flag> context, Flag flag) {
						return flag.getStatus() == Flag.FlagStatus.ACTIVE;
					}
				})
				.build());
	}

	private void addEmergencyCarePlans() {
		Section section = section("Emergency care plan", PASSPORT_SECTION_SYSTEM, SECTION_CODE_EMERGENCY_CARE_PLAN, "Emergency care plan", CarePlan.class, "emergency-care-plan");
		addJpaSection(section, JpaSectionSearchStrategyCollection.newBuilder()
				.addStrategy(CarePlan.class, new JpaSectionSearchStrategy<CarePlan>() {
					@Override
					public boolean shouldInclude(IpsSectionContext<CarePlan> context, CarePlan plan) {
						return plan.getStatus() == CarePlan.CarePlanStatus.ACTIVE && isEmergencyCarePlan(plan);
					}
				})
				.build());
	}

	private void addCareTeams() {
		Section section = section("Care team", SECTION_SYSTEM_LOINC, SECTION_CODE_CARE_TEAM, "Patient Care team information", CareTeam.class, "care-team");
		addJpaSection(section, JpaSectionSearchStrategyCollection.newBuilder()
				.addStrategy(CareTeam.class, new JpaSectionSearchStrategy<CareTeam>() {
					@Override
					public void massageResourceSearch(IpsSectionContext<CareTeam> context, SearchParameterMap map) {
						// The members (practitioners, organisations, carers) travel with the team, so the passport
						// shows who they are and how to reach them.
						map.addInclude(new Include("CareTeam:participant"));
					}

					@Override
					public boolean shouldInclude(IpsSectionContext<CareTeam> context, CareTeam team) {
						return team.getStatus() == CareTeam.CareTeamStatus.ACTIVE;
					}
				})
				.build());
	}

	private void addKeyDocuments() {
		Section section = section("Key documents", PASSPORT_SECTION_SYSTEM, SECTION_CODE_KEY_DOCUMENTS, "Key documents", DocumentReference.class, "key-documents");
		addJpaSection(section, JpaSectionSearchStrategyCollection.newBuilder()
				.addStrategy(DocumentReference.class, new JpaSectionSearchStrategy<DocumentReference>() {
					@Override
					public boolean shouldInclude(IpsSectionContext<DocumentReference> context, DocumentReference doc) {
						return doc.getStatus() == Enumerations.DocumentReferenceStatus.CURRENT;
					}
				})
				.build());
	}

	private static Section section(
			String title, String system, String code, String display, Class<? extends IBaseResource> type, String profile) {
		return Section.newBuilder()
				.withTitle(title)
				.withSectionSystem(system)
				.withSectionCode(code)
				.withSectionDisplay(display)
				.withResourceType(type)
				.withProfile(PROFILE_BASE + profile)
				.build();
	}

	/**
	 * HAPI's IPS narrative templates call {@code getClass()} in OGNL, which the Thymeleaf 3.1 that Spring Boot 3.5
	 * brings refuses; Concord writes the section narratives itself in {@link #postManipulateIpsBundle}.
	 */
	@Override
	public List<String> getNarrativePropertyFiles() {
		return List.of();
	}

	@Override
	public void postManipulateIpsBundle(IBaseBundle bundle) {
		OnePatientDocument.leaveOutOtherPatients((Bundle) bundle);
		SectionNarratives.write((Bundle) bundle);
	}

	static boolean isEmergencyCarePlan(CarePlan plan) {
		return plan.getCategory().stream().anyMatch(c -> c.hasCoding(CARE_PLAN_TYPE_SYSTEM, EMERGENCY_CARE_PLAN));
	}

	@Override
	public IBaseResource createAuthor() {
		Device concord = new Device();
		concord.setId(IdType.newRandomUuid());
		concord.addDeviceName()
				.setName("Concord")
				.setType(Device.DeviceNameType.USERFRIENDLYNAME);
		concord.setManufacturer("Concord");
		concord.addVersion().setValue(serverVersion);
		concord.getType().setText("FHIR server: shared care records for people with rare conditions");
		return concord;
	}

	@Override
	public String createTitle(IpsContext context) {
		String name = context.getSubject() instanceof Patient patient ? PassportText.name(patient) : "";
		String date = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).format(LocalDate.now());
		return (name.isBlank() ? "Health passport" : "Health passport for " + name) + " (" + date + ")";
	}
}
