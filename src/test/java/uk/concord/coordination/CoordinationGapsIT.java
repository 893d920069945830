package uk.concord.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/** {@code $coordination-gaps}: one example patient per kind of gap, one with none, and who may see what. */
@EmbeddedServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoordinationGapsIT {

	static final LocalDate TODAY = CareScenario.TODAY;

	FhirHttp fhir;

	@Autowired
	ReviewReminders reminders;

	String complete;
	Map<String, String> withGap;

	@BeforeAll
	void storeOnePatientPerGap() {
		complete = new CareScenario().store(fhir);
		withGap = Map.of(
				"no-active-care-team", new CareScenario().teamsInactive().store(fhir),
				"no-current-coordinator", new CareScenario().coordinatorsLeaveTomorrow().store(fhir),
				"no-active-care-plan", new CareScenario().carePlanDraft().store(fhir),
				"no-emergency-care-plan", new CareScenario().withoutEmergencyPlan().store(fhir),
				"review-overdue", new CareScenario().reviewDue(TODAY.minusDays(10)).store(fhir),
				"transition-not-started", new CareScenario().born(TODAY.minusYears(16)).withoutTransitionPlan().store(fhir),
				"split-visits", new CareScenario().splitVisits("RP4", "RRK").store(fhir),
				"undiagnosed-without-genomic-test", new CareScenario().undiagnosed().store(fhir),
				"document-withheld-from-team", new CareScenario().consentDeniesTeamMember().store(fhir));
	}

	@Test
	void aPatientWithEverythingInPlaceHasNoGap() {
		assertThat(gapsOf(complete, TODAY)).isEmpty();
	}

	@Test
	void eachExamplePatientHasExactlyItsOwnGap() {
		withGap.forEach((gap, patient) -> {
			LocalDate day = gap.equals("no-current-coordinator") ? TODAY.plusDays(2) : TODAY;
			assertThat(gapsOf(patient, day)).as("gaps of the %s example", gap).isEqualTo(Set.of(gap));
		});
	}

	@Test
	void aCoordinatorWhosePeriodEndsTodayIsStillCurrentToday() {
		assertThat(gapsOf(withGap.get("no-current-coordinator"), TODAY.plusDays(1))).isEmpty();
	}

	@Test
	void anAdultLongPastTransitionAgeWithoutATransitionPlanIsNotATransitionGap() {
		String adult = new CareScenario().born(TODAY.minusYears(35)).withoutTransitionPlan().store(fhir);

		assertThat(gapsOf(adult, TODAY)).doesNotContain("transition-not-started");
	}

	@Test
	void aReviewOverdueSaysByHowLong() {
		// on the day the review date was counted from, not the server's: a run past midnight would say 11
		MeasureReport report = fhir.get("$coordination-gaps?date=" + TODAY).as(MeasureReport.class);
		assertThat(findings(report, "review-overdue").get("Patient/" + withGap.get("review-overdue")))
				.endsWith("review overdue by 10 days");
	}

	@Test
	void anOpenReviewTaskPastItsDueDateIsAGap() {
		String patient = new CareScenario().reviewDue(TODAY.minusDays(3)).store(fhir);
		reminders.remind(TODAY);

		assertThat(gapsOf(patient, TODAY)).containsExactlyInAnyOrder("review-overdue", "review-task-overdue");
	}

	@Test
	void anUndiagnosedPatientWithARecentGenomicTestRequestIsNotAGap() {
		String patient = new CareScenario().undiagnosed().genomicTestRequested(TODAY.minusMonths(2)).store(fhir);
		String stale = new CareScenario().undiagnosed().genomicTestRequested(TODAY.minusMonths(13)).store(fhir);

		assertThat(gapsOf(patient, TODAY)).isEmpty();
		assertThat(gapsOf(stale, TODAY)).containsExactly("undiagnosed-without-genomic-test");
	}

	@Test
	void appointmentsOnOneDayAtTwoOrganisationsAreNotSplitVisits() {
		String patient = new CareScenario().combinedVisitSameDay("RP4", "RRK").store(fhir);

		assertThat(gapsOf(patient, TODAY)).isEmpty();
	}

	@Test
	void theSummaryListsEachGapsPatientsAndNotThePatientWithout() {
		// two days on, when the coordinators who leave tomorrow have gone
		MeasureReport report = fhir.get("$coordination-gaps?date=" + TODAY.plusDays(2)).as(MeasureReport.class);

		assertThat(report.getType()).isEqualTo(MeasureReport.MeasureReportType.SUMMARY);
		assertThat(report.getGroup()).extracting(g -> g.getCode().getCodingFirstRep().getCode())
				.containsExactly(java.util.Arrays.stream(CoordinationGap.values()).map(CoordinationGap::code).toArray(String[]::new));
		withGap.forEach((gap, patient) -> assertThat(findings(report, gap)).as(gap).containsKey("Patient/" + patient));
		for (MeasureReportGroupComponent group : report.getGroup()) {
			assertThat(findings(report, group.getCode().getCodingFirstRep().getCode())).doesNotContainKey("Patient/" + complete);
			assertThat(count(group, "numerator")).isEqualTo(findings(report, group.getCode().getCodingFirstRep().getCode()).size());
		}
	}

	@Test
	void everyGapIsCountedPerRegionFromThePostcodeAndPerOrganisation() {
		MeasureReport report = fhir.get("$coordination-gaps").as(MeasureReport.class);
		MeasureReportGroupComponent group = group(report, "split-visits");

		var regions = group.getStratifier().get(0);
		assertThat(regions.getCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("region");
		var yorkshire = regions.getStratum().stream().filter(s -> s.getValue().getText().equals("Yorkshire and The Humber")).findFirst().orElseThrow();
		assertThat(yorkshire.getPopulation().get(1).getCount()).isGreaterThanOrEqualTo(1);
		assertThat(yorkshire.getPopulation().get(0).getCount()).isGreaterThanOrEqualTo(yorkshire.getPopulation().get(1).getCount());
		var organisations = group.getStratifier().get(1);
		assertThat(organisations.getCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("organisation");
		assertThat(organisations.getStratum()).extracting(s -> s.getValue().getText()).contains("RRK");
	}

	@Test
	void aClinicianSeesOnlyThePatientsTheirOrganisationCaresFor() {
		MeasureReport report = fhir.as("gp-riverside").get("$coordination-gaps").as(MeasureReport.class);

		Set<String> listed = report.getContained().stream().map(ListResource.class::cast)
				.flatMap(l -> l.getEntry().stream()).map(e -> e.getItem().getReference()).collect(Collectors.toSet());
		assertThat(listed).as("none of the test patients is cared for by Y90001").doesNotContainAnyElementsOf(
				withGap.values().stream().map(p -> "Patient/" + p).toList());
		assertThat(fhir.as("gp-riverside").get("Patient/" + withGap.get("split-visits") + "/$coordination-gaps").status())
				.isEqualTo(404);
	}

	@Test
	void aPatientsReportForSomeoneTheCallerCannotSeeLooksLikeOneForNobody() {
		FhirHttp.Response hidden = fhir.as("gp-riverside").get("Patient/" + complete + "/$coordination-gaps");
		FhirHttp.Response missing = fhir.as("gp-riverside").get("Patient/no-such-patient/$coordination-gaps");

		assertThat(hidden.status()).isEqualTo(404);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(hidden.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()
				.replace(complete, "X")).isEqualTo(missing.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()
				.replace("no-such-patient", "X"));
	}

	@Test
	void theWholeReportFollowsAppointmentsCancelledOrDeletedAfterItWasFirstAsked() {
		String cancelling = new CareScenario().splitVisits("RP4", "RRK").store(fhir);
		String deleting = new CareScenario().splitVisits("RP4", "RRK").store(fhir);
		assertThat(findings(fhir.get("$coordination-gaps").as(MeasureReport.class), "split-visits"))
				.containsKeys("Patient/" + cancelling, "Patient/" + deleting);

		Appointment cancelled = appointmentsOf(cancelling).get(0);
		cancelled.setStatus(Appointment.AppointmentStatus.CANCELLED);
		fhir.client().update().resource(cancelled).execute();
		fhir.client().delete().resourceById(appointmentsOf(deleting).get(0).getIdElement().toUnqualifiedVersionless()).execute();

		assertThat(findings(fhir.get("$coordination-gaps").as(MeasureReport.class), "split-visits"))
				.doesNotContainKeys("Patient/" + cancelling, "Patient/" + deleting);
	}

	@Test
	void theMeasureTheReportNamesIsOnTheServer() {
		MeasureReport report = fhir.get("$coordination-gaps").as(MeasureReport.class);

		assertThat(fhir.total("Measure?url=" + report.getMeasure())).isEqualTo(1);
	}

	@Test
	void aPatientTokenGetsNoReport() {
		FhirHttp.Response refused = fhir.as("patient-app").get("$coordination-gaps");

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.as(OperationOutcome.class).getIssueFirstRep().getCode())
				.isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
	}

	private List<Appointment> appointmentsOf(String patient) {
		Bundle found = fhir.client().search().forResource(Appointment.class).where(Appointment.PATIENT.hasId(patient))
				.returnBundle(Bundle.class).execute();
		return found.getEntry().stream().map(e -> (Appointment) e.getResource()).toList();
	}

	private Set<String> gapsOf(String patient, LocalDate day) {
		MeasureReport report = fhir.get("Patient/" + patient + "/$coordination-gaps?date=" + day).as(MeasureReport.class);
		assertThat(report.getType()).isEqualTo(MeasureReport.MeasureReportType.INDIVIDUAL);
		return report.getGroup().stream().filter(g -> count(g, "numerator") > 0)
				.map(g -> g.getCode().getCodingFirstRep().getCode()).collect(Collectors.toSet());
	}

	private static int count(MeasureReportGroupComponent group, String population) {
		return group.getPopulation().stream().filter(p -> p.getCode().getCodingFirstRep().getCode().equals(population))
				.findFirst().orElseThrow().getCount();
	}

	private static MeasureReportGroupComponent group(MeasureReport report, String gap) {
		return report.getGroup().stream().filter(g -> g.getCode().getCodingFirstRep().getCode().equals(gap)).findFirst().orElseThrow();
	}

	/** Patient reference → what is missing, from the contained List of the gap's numerator. */
	private static Map<String, String> findings(MeasureReport report, String gap) {
		String list = "#" + gap;
		return report.getContained().stream().map(ListResource.class::cast)
				.filter(l -> ("#" + l.getIdElement().getIdPart()).equals(list) || l.getId().equals(list))
				.flatMap(l -> l.getEntry().stream())
				.collect(Collectors.toMap(e -> e.getItem().getReference(), e -> e.getFlag().getText(), (a, b) -> a));
	}
}
