package uk.concord.coordination;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
		List<PatientCare> rare = population.stream().filter(PatientCare::hasRareCondition).toList();
		// each patient's strata worked out once, not once per gap
		Map<String, Collection<String>> regionOf = new java.util.HashMap<>();
		Map<String, Collection<String>> organisationsOf = new java.util.HashMap<>();
		rare.forEach(care -> {
			regionOf.put(care.reference(), List.of(regions.of(care.patient())));
			organisationsOf.put(care.reference(), care.organisations());
		});
		for (CoordinationGap gap : CoordinationGap.values()) {
			Map<String, String> findings = new LinkedHashMap<>();
			for (PatientCare care : rare) {
				gap.find(care, context).ifPresent(finding -> findings.put(care.reference(), finding));
			}
			MeasureReportGroupComponent group = report.addGroup();
			group.setCode(concept(CoordinationVocabulary.GAP_SYSTEM, gap.code(), gap.display()));
			population(group.addPopulation(), "initial-population", rare.size());
			MeasureReport.MeasureReportGroupPopulationComponent numerator = population(group.addPopulation(), "numerator", findings.size());
			if (listPatients && !findings.isEmpty()) {
				numerator.setSubjectResults(new Reference("#" + gap.code()));
				report.addContained(patients(gap, findings));
			}
			stratify(group.addStratifier(), "region", rare, findings.keySet(), care -> regionOf.get(care.reference()));
			stratify(group.addStratifier(), "organisation", rare, findings.keySet(), care -> organisationsOf.get(care.reference()));
		}
		return report;
	}

	private static void stratify(MeasureReportGroupStratifierComponent stratifier, String by, List<PatientCare> rare,
			Set<String> withGap, java.util.function.Function<PatientCare, Collection<String>> strata) {
		stratifier.addCode(concept(CoordinationVocabulary.STRATIFIER_SYSTEM, by, null));
		Map<String, int[]> counts = new TreeMap<>();
		for (PatientCare care : rare) {
			for (String stratum : strata.apply(care)) {
				int[] count = counts.computeIfAbsent(stratum, s -> new int[2]);
				count[0]++;
				count[1] += withGap.contains(care.reference()) ? 1 : 0;
			}
		}
		counts.forEach((stratum, count) -> {
			var component = stratifier.addStratum().setValue(new CodeableConcept().setText(stratum));
			component.addPopulation().setCode(concept(CoordinationVocabulary.MEASURE_POPULATION, "initial-population", null)).setCount(count[0]);
			component.addPopulation().setCode(concept(CoordinationVocabulary.MEASURE_POPULATION, "numerator", null)).setCount(count[1]);
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
