package uk.concord.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.fhirpath.IFhirPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.concord.testing.FhirHttp;

/**
 * "Current" at day precision, and the Java rule (used to show who is current) agreeing with the FHIRPath invariant
 * concord-one-coordinator (used to enforce it) on every case.
 */
class CurrentPeriodTest {

	static final LocalDate TODAY = LocalDate.now();

	@ParameterizedTest(name = "start {0}, end {1}: current = {2}")
	@CsvSource(nullValues = "none", value = {
		"none, none, true",
		"-1, none, true",
		"0, none, true",
		"1, none, false",
		"none, 0, true",
		"none, 1, true",
		"none, -1, false",
		"-10, -1, false",
		"-10, 0, true",
		"1, 10, false",
		"0, 0, true"
	})
	void aPeriodIsCurrentFromItsStartDayToItsEndDayInclusive(Integer start, Integer end, boolean current) {
		Period period = period(start, end);

		assertThat(CurrentPeriod.isCurrent(period, TODAY)).isEqualTo(current);
		assertThat(invariantCountsOneCurrentCoordinator(period)).as("concord-one-coordinator agrees").isEqualTo(current);
	}

	@ParameterizedTest(name = "{0} vs today: current = {1}")
	@CsvSource({"year, true", "month, true", "endOfTodayUtc, true"})
	void datesOfLowerOrHigherPrecisionAreComparedAtTheDay(String precision, boolean current) {
		String end = switch (precision) {
			case "year" -> TODAY.toString().substring(0, 4);
			case "month" -> TODAY.toString().substring(0, 7);
			default -> TODAY + "T23:59:59Z";
		};
		Period period = new Period().setEndElement(new DateTimeType(end));

		assertThat(CurrentPeriod.isCurrent(period, TODAY)).isEqualTo(current);
	}

	private static Period period(Integer start, Integer end) {
		Period period = new Period();
		if (start != null) {
			period.setStartElement(new DateTimeType(TODAY.plusDays(start).toString()));
		}
		if (end != null) {
			period.setEndElement(new DateTimeType(TODAY.plusDays(end).toString()));
		}
		return period;
	}

	private static boolean invariantCountsOneCurrentCoordinator(Period period) {
		CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE);
		team.addParticipant()
				.addRole(new CodeableConcept(new Coding("https://fhir.concord.org.uk/CodeSystem/care-team-role", "care-coordinator", null)))
				.setMember(new Reference("Practitioner/p"))
				.setPeriod(period);
		IFhirPath fhirPath = FhirHttp.R4.newFhirPath();
		return fhirPath.evaluate(team, oneCoordinatorExpression(), BooleanType.class).get(0).booleanValue();
	}

	private static String oneCoordinatorExpression() {
		try {
			StructureDefinition careTeam = FhirHttp.R4.newJsonParser().parseResource(StructureDefinition.class,
					Files.readString(Path.of("fhir-profiles/fsh-generated/resources/StructureDefinition-CoordinatedCareTeam.json")));
			return careTeam.getSnapshot().getElementFirstRep().getConstraint().stream()
					.filter(c -> c.getKey().equals("concord-one-coordinator"))
					.map(ElementDefinition.ElementDefinitionConstraintComponent::getExpression)
					.findFirst()
					.orElseThrow();
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
