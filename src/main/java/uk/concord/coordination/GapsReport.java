package uk.concord.coordination;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupStratifierComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The answer of {@code $coordination-gaps}: a MeasureReport with one group per kind of gap, each counting the
 * patients with a rare condition (initial population) and those with the gap (numerator), stratified by region and
 * by organisation so that a commissioner sees where care depends on the postcode; and, when the caller may see them,
 * the patients with each gap, as a contained List whose entries say what is missing.
 */
final class GapsReport {

	private final Regions regions;

	GapsReport(Regions regions) {
		this.regions = regions;
	}

	MeasureReport build(Collection<PatientCare> population, GapContext context, String subject, boolean listPatients) {
		MeasureReport report = new MeasureReport();
		report.setId("coordination-gaps");
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(subject == null ? MeasureReport.MeasureReportType.SUMMARY : MeasureReport.MeasureReportType.INDIVIDUAL);
		report.setMeasure(CoordinationVocabulary.GAPS_MEASURE);
		report.setDateElement(new DateTimeType(new Date()));
		LocalDate today = context.today();
		report.setPeriod(new Period().setStartElement(new DateTimeType(today.toString())).setEndElement(new DateTimeType(today.toString())));
		report.setImprovementNotation(concept("http://terminology.hl7.org/CodeSystem/measure-improvement-notation", "decrease", null));
		if (subject != null) {
			report.setSubject(new Reference(subject));
		}
		List<RarePatient> rare = population.stream().filter(PatientCare::hasRareCondition)
				.map(care -> new RarePatient(care, care.reference(), List.of(regions.of(care.patient())), care.organisations()))
				.toList();
		// the initial population of each stratum is the same for every gap: counted once
		Map<String, Integer> byRegion = counts(rare, RarePatient::region);
		Map<String, Integer> byOrganisation = counts(rare, RarePatient::organisations);
		for (CoordinationGap gap : CoordinationGap.values()) {
			Map<String, String> findings = new LinkedHashMap<>();
			List<RarePatient> withGap = new ArrayList<>();
			for (RarePatient patient : rare) {
				gap.find(patient.care(), context).ifPresent(finding -> {
					findings.put(patient.reference(), finding);
					withGap.add(patient);
				});
			}
			MeasureReportGroupComponent group = report.addGroup();
			group.setCode(concept(CoordinationVocabulary.GAP_SYSTEM, gap.code(), gap.display()));
			population(group.addPopulation(), "initial-population", rare.size());
			MeasureReport.MeasureReportGroupPopulationComponent numerator = population(group.addPopulation(), "numerator", findings.size());
			if (listPatients && !findings.isEmpty()) {
				numerator.setSubjectResults(new Reference("#" + gap.code()));
				report.addContained(patients(gap, findings));
			}
			stratify(group.addStratifier(), "region", byRegion, counts(withGap, RarePatient::region));
			stratify(group.addStratifier(), "organisation", byOrganisation, counts(withGap, RarePatient::organisations));
		}
		return report;
	}

	/** A patient with a rare condition, with what the report writes about them worked out once, not once per gap. */
	private record RarePatient(PatientCare care, String reference, Collection<String> region, Set<String> organisations) {}

	/** How many of the patients fall in each stratum, in the order strata are reported. */
	private static Map<String, Integer> counts(List<RarePatient> patients, Function<RarePatient, Collection<String>> strata) {
		Map<String, Integer> counts = new TreeMap<>();
		patients.forEach(patient -> strata.apply(patient).forEach(stratum -> counts.merge(stratum, 1, Integer::sum)));
		return counts;
	}

	private static void stratify(MeasureReportGroupStratifierComponent stratifier, String by, Map<String, Integer> population,
			Map<String, Integer> withGap) {
		stratifier.addCode(concept(CoordinationVocabulary.STRATIFIER_SYSTEM, by, null));
		population.forEach((stratum, count) -> {
			var component = stratifier.addStratum().setValue(new CodeableConcept().setText(stratum));
			component.addPopulation().setCode(concept(CoordinationVocabulary.MEASURE_POPULATION, "initial-population", null)).setCount(count);
			component.addPopulation().setCode(concept(CoordinationVocabulary.MEASURE_POPULATION, "numerator", null))
					.setCount(withGap.getOrDefault(stratum, 0));
		});
	}

	private static MeasureReport.MeasureReportGroupPopulationComponent population(
			MeasureReport.MeasureReportGroupPopulationComponent component, String code, int count) {
		return component.setCode(concept(CoordinationVocabulary.MEASURE_POPULATION, code, null)).setCount(count);
	}

	private static ListResource patients(CoordinationGap gap, Map<String, String> findings) {
		ListResource list = new ListResource();
		list.setId(gap.code());
		list.setStatus(ListResource.ListStatus.CURRENT);
		list.setMode(ListResource.ListMode.SNAPSHOT);
		list.setTitle("Patients with: " + gap.display());
		list.setCode(concept(CoordinationVocabulary.GAP_SYSTEM, gap.code(), gap.display()));
		findings.forEach((patient, finding) -> list.addEntry()
				.setItem(new Reference(patient))
				.setFlag(new CodeableConcept().setText(finding)));
		return list;
	}

	private static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept().addCoding(new Coding(system, code, display));
	}
}
