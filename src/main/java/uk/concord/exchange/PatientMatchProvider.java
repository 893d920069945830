package uk.concord.exchange;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code POST [base]/Patient/$match} as FHIR R4 defines it (http://hl7.org/fhir/R4/patient-operation-match.html).
 * A plain provider: HAPI JPA's own Patient provider has no {@code $match} (that comes with MDM, which Concord does not
 * enable), so this is the only one. HAPI itself refuses a {@code resource} of another type than Patient (400, "Request
 * has parameter resource of type Observation but method expects type Patient"); the check here is a safety net.
 */
public class PatientMatchProvider {

	public static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";

	/** Matches returned when the client gives no {@code count}. */
	static final int DEFAULT_COUNT = 10;

	private final PatientMatcher matcher;

	public PatientMatchProvider(PatientMatcher matcher) {
		this.matcher = matcher;
	}

	@Operation(name = "$match", type = Patient.class, idempotent = false, returnParameters = {
			@OperationParam(name = "return", typeName = "Bundle", min = 1, max = 1)})
	@Description(shortDefinition = "Find stored patients that are the given person: the same NHS Number is certain;"
			+ " without one, family name + birthDate + postcode is probable and family name + birthDate possible")
	public Bundle match(
			@OperationParam(name = "resource", typeName = "Patient", min = 1, max = 1) IBaseResource resource,
			@OperationParam(name = "onlyCertainMatches", min = 0, max = 1) BooleanType onlyCertainMatches,
			@OperationParam(name = "count", min = 0, max = 1) IntegerType count,
			RequestDetails request) {
		if (resource == null) {
			throw new InvalidRequestException(
					"Patient/$match needs a 'resource' parameter holding the Patient to match");
		}
		if (!(resource instanceof Patient patient)) {
			throw new InvalidRequestException("The 'resource' parameter of Patient/$match must be a Patient, not "
					+ resource.fhirType());
		}
		int limit = DEFAULT_COUNT;
		if (count != null && count.getValue() != null) {
			limit = count.getValue();
			if (limit < 1) {
				throw new InvalidRequestException("The 'count' parameter of Patient/$match must be at least 1");
			}
		}
		boolean onlyCertain = onlyCertainMatches != null && onlyCertainMatches.booleanValue();

		List<PatientMatcher.Match> matches = matcher.match(patient, onlyCertain, limit, request);
		return bundle(matches, request.getFhirServerBase());
	}

	private static Bundle bundle(List<PatientMatcher.Match> matches, String base) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(matches.size());
		for (PatientMatcher.Match match : matches) {
			Patient patient = match.patient();
			patient.setId(patient.getIdElement().toUnqualifiedVersionless());
			Bundle.BundleEntryComponent entry = bundle.addEntry()
					.setFullUrl(base + "/Patient/" + patient.getIdElement().getIdPart())
					.setResource(patient);
			entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH).setScore(match.grade().score());
			entry.getSearch().addExtension(MATCH_GRADE, new CodeType(match.grade().code()));
		}
		return bundle;
	}
}
