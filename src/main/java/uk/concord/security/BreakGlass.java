package uk.concord.security;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Flag;

/**
 * Break-glass: a clinician with no care relationship to a patient (an emergency department, say) may read that
 * patient's emergency care plan and alert flags by giving a reason, in the {@value #HEADER} header or the
 * {@value #PARAMETER} parameter. Nothing else opens; the reason is kept in the audit trail and logged.
 */
public final class BreakGlass {

	public static final String HEADER = "X-Break-Glass-Reason";
	public static final String PARAMETER = "break-glass-reason";
	public static final String CARE_PLAN_TYPE = uk.concord.record.Vocabulary.CARE_PLAN_TYPE;
	public static final String EMERGENCY_CARE_PLAN = "emergency-care-plan";

	/** What break-glass opens. */
	static final Set<String> TYPES = Set.of("CarePlan", "Flag");

	private static final int MAX_REASON = 500;

	/** One patient by id, as a search value: {@code id} or {@code Patient/id} (FHIR ids: 1-64 of A-Z a-z 0-9 - .). */
	private static final Pattern ONE_PATIENT = Pattern.compile("(Patient/)?[A-Za-z0-9\\-.]{1,64}");

	private BreakGlass() {}

	/**
	 * The reason given for breaking the glass on this request ({@link BreakGlassParameterFilter}), or null. Invisible
	 * characters (control, format such as zero-width spaces, and separators such as non-breaking spaces) become
	 * plain spaces; a reason with no letter or digit left is no reason ({@link #checkReasonSaysWhy}).
	 */
	public static String reason(RequestDetails request) {
		String reason = request.getHeader(HEADER);
		if (reason == null) {
			return null;
		}
		String clean = reason.replaceAll("[\\p{C}\\p{Z}\\s]+", " ").strip();
		if (!clean.codePoints().anyMatch(Character::isLetterOrDigit)) {
			return null;
		}
		return clean.length() > MAX_REASON ? clean.substring(0, MAX_REASON) : clean;
	}

	/** A break-glass header that says nothing in words is refused, not taken as no break-glass at all. */
	static void checkReasonSaysWhy(RequestDetails request) {
		String given = request.getHeader(HEADER);
		if (given != null && !given.isEmpty() && reason(request) == null) {
			throw new ForbiddenOperationException("Refused break-glass: the reason (" + HEADER + " or " + PARAMETER
					+ ") must say in words why the record is needed; it holds only spaces or invisible characters");
		}
	}

	/**
	 * A break-glass search must name one patient: the emergency plans of everyone are not an emergency's business.
	 */
	static void checkNamesOnePatient(RequestDetails request) {
		if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE) {
			return;
		}
		for (String name : new String[] {"patient", "subject", "subject:Patient", "patient:Patient"}) {
			String[] values = request.getParameters().get(name);
			// an empty or blank value names nobody: HAPI would ignore it and search every patient
			if (values != null && values.length == 1 && ONE_PATIENT.matcher(values[0]).matches()) {
				return;
			}
		}
		throw new ForbiddenOperationException(
				"Break-glass access is to one patient's emergency information: search with patient=<id>");
	}

	/** The rules break-glass adds for a clinician whose scopes let them read care plans and flags. */
	static void grant(IAuthRuleBuilder rules, SmartScopes scopes) {
		if (scopes.allows(SmartScope.Context.USER, "CarePlan", SmartScope.Permission.READ)) {
			rules.allow("break-glass: emergency care plan").read().resourcesOfType("CarePlan").withAnyId()
					.withTester(outputIs(BreakGlass::isEmergencyCarePlan));
		}
		if (scopes.allows(SmartScope.Context.USER, "Flag", SmartScope.Permission.READ)) {
			rules.allow("break-glass: alert flag").read().resourcesOfType("Flag").withAnyId()
					.withTester(outputIs(resource -> resource instanceof Flag));
		}
	}

	static boolean isEmergencyCarePlan(IBaseResource resource) {
		return resource instanceof CarePlan plan && plan.getCategory().stream()
				.flatMap(category -> category.getCoding().stream())
				.anyMatch(coding -> CARE_PLAN_TYPE.equals(coding.getSystem())
						&& EMERGENCY_CARE_PLAN.equals(coding.getCode()));
	}

	/** A tester that lets a rule allow only the output resources that pass. */
	static IAuthRuleTester outputIs(java.util.function.Predicate<IBaseResource> allowed) {
		return new IAuthRuleTester() {
			@Override
			public boolean matches(RuleTestRequest request) {
				return true;
			}

			@Override
			public boolean matchesOutput(RuleTestRequest request) {
				return request.resource != null && allowed.test(request.resource);
			}
		};
	}
}
