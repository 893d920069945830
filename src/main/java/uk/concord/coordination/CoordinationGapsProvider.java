package uk.concord.coordination;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import uk.concord.security.Caller;
import uk.concord.security.CareRelationships;
import uk.concord.security.SmartScope.Context;
import uk.concord.security.SmartScope.Permission;

/**
 * {@code $coordination-gaps}, at system level and for one patient ({@code Patient/[id]/$coordination-gaps}): what
 * is missing in the coordination of care of patients with a rare condition. A system token with Patient read sees
 * every patient; a clinician's token ({@code user/} scopes, acting for an organisation) sees the patients that
 * organisation cares for and whose consent does not deny it, the same set its searches reach. Patient tokens get no
 * report: it is a tool for care teams and commissioners.
 */
public class CoordinationGapsProvider {

	private final CareRecords records;
	private final CareSnapshot snapshot;
	private final GapsReport report;
	private final CareRelationships relationships;
	private final CoordinationProperties properties;
	private final Clock clock;

	CoordinationGapsProvider(CareRecords records, CareSnapshot snapshot, GapsReport report,
			CareRelationships relationships, CoordinationProperties properties, Clock clock) {
		this.records = records;
		this.snapshot = snapshot;
		this.report = report;
		this.relationships = relationships;
		this.properties = properties;
		this.clock = clock;
	}

	@Operation(name = "$coordination-gaps", idempotent = true)
	@Description(shortDefinition = "Coordination gaps of patients with a rare condition: a MeasureReport with one group"
			+ " per kind of gap, stratified by region and organisation, with the patients per gap")
	public MeasureReport everyone(
			@OperationParam(name = "date", min = 0, max = 1, typeName = "date") DateType date, RequestDetails request) {
		Set<String> reachable = reachable(Caller.of(request));
		Map<String, PatientCare> population = snapshot.patients();
		if (reachable != null) {
			population.keySet().retainAll(reachable);
		}
		return report.build(population.values(), context(date, AppointmentSites.from(snapshot)), null, true);
	}

	@Operation(name = "$coordination-gaps", idempotent = true, type = Patient.class)
	@Description(shortDefinition = "The coordination gaps of one patient with a rare condition")
	public MeasureReport onePatient(@IdParam IdType id,
			@OperationParam(name = "date", min = 0, max = 1, typeName = "date") DateType date, RequestDetails request) {
		Set<String> reachable = reachable(Caller.of(request));
		String patient = "Patient/" + id.getIdPart();
		Map<String, PatientCare> population = records.load(id.getIdPart());
		if (!population.containsKey(patient) || (reachable != null && !reachable.contains(patient))) {
			// the same answer whether the patient does not exist or the caller may not see them
			throw new ResourceNotFoundException("Patient/" + id.getIdPart() + " is not known to this server, or not to you");
		}
		return report.build(population.values(), context(date, records.sites()), patient, true);
	}

	/** The patients the caller may see ({@code Patient/x}); null for every patient. */
	private Set<String> reachable(Caller caller) {
		if (caller.isInternal() || caller.scopes().allows(Context.SYSTEM, "Patient", Permission.READ)) {
			return null;
		}
		if (caller.isOrganisationUser() && caller.scopes().allows(Context.USER, "Patient", Permission.READ)) {
			return relationships.sharedWith(caller.organisation(), new SystemRequestDetails()).patients();
		}
		String refusal = "The coordination gaps report is for systems and for clinicians acting for an organisation,"
				+ " with a token that may read patients";
		throw new ForbiddenOperationException(refusal);
	}

	/**
	 * The day the rules are applied on: today, or the {@code date} asked for (a later day shows what will be missing
	 * by then if nothing changes: reviews falling due, coordinators whose period ends).
	 */
	private GapContext context(DateType date, AppointmentSites sites) {
		LocalDate day = date == null || !date.hasValue() ? LocalDate.now(clock) : CareDates.first(date);
		return new GapContext(day, properties, sites, relationships.consentReader());
	}
}
