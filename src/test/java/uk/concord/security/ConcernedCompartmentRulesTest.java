package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.concord.security.SmartScope.Context;

/**
 * The set-based rule must decide every check exactly as HAPI's compartment rule given every reachable compartment:
 * what a practice may see, and what it must not. Each case states the decision too, so that two rules agreeing on
 * the wrong answer fail.
 */
class ConcernedCompartmentRulesTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final Set<String> PRACTICE = IntStream.range(0, 200).mapToObj(i -> "Patient/p" + i)
			.collect(Collectors.toSet());
	private static final SmartScopes SCOPES = SmartScopes.parse(List.of("user/*.cruds"));
	private static final String STRANGER = "Patient/stranger";

	/** One check: what is asked, and whether a practice caring for p0..p199 may. */
	record Check(String name, RestOperationTypeEnum operation, String type, IBaseResource input, IIdType id,
			IBaseResource output, Map<String, String[]> search, boolean allowed) {
		@Override
		public String toString() {
			return name;
		}
	}

	static Stream<Arguments> checks() {
		return Stream.of(
				shown("a condition of a patient in its care", condition("Patient/p5"), true),
				shown("a condition of a patient not in its care", condition(STRANGER), false),
				shown("its patient's own record", patient("p7"), true),
				shown("another patient's record", patient("stranger"), false),
				shown("another patient's record that links to one in its care",
						patient("stranger").addLink(new Patient.PatientLinkComponent().setOther(new Reference("Patient/p3"))
								.setType(Patient.LinkType.SEEALSO)), true),
				shown("a care team of another patient with its patient as a member",
						careTeam(STRANGER, "Patient/p9"), true),
				shown("a care team of another patient with a practitioner as a member",
						careTeam(STRANGER, "Practitioner/dr"), false),
				shown("an observation of another patient performed by its patient",
						new Observation().setSubject(new Reference(STRANGER)).addPerformer(new Reference("Patient/p1")),
						true),
				new Check("creating a condition for its patient", RestOperationTypeEnum.CREATE, "Condition",
						condition("Patient/p6"), null, null, Map.of(), true),
				new Check("creating a condition for another patient", RestOperationTypeEnum.CREATE, "Condition",
						condition(STRANGER), null, null, Map.of(), false),
				new Check("reading its patient by id", RestOperationTypeEnum.READ, "Patient", null,
						new IdType("Patient/p8"), null, Map.of(), true),
				new Check("reading another patient by id", RestOperationTypeEnum.READ, "Patient", null,
						new IdType(STRANGER), null, Map.of(), false),
				searched("searching its patient's conditions", "Condition", Map.of("subject", new String[] {"Patient/p4"}),
						true),
				searched("searching another patient's conditions", "Condition",
						Map.of("subject", new String[] {STRANGER}), false),
				searched("searching conditions of its patients among others", "Condition",
						Map.of("patient", new String[] {"stranger,p12"}), true),
				searched("searching its patient by _id", "Patient", Map.of("_id", new String[] {"p11"}), true),
				searched("searching another patient by _id", "Patient", Map.of("_id", new String[] {"stranger"}), false))
				.map(Arguments::of);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("checks")
	void decidesEveryCheckAsHapisRuleWithEveryReachableCompartment(Check check) {
		ServletRequestDetails request = request(check);
		ConcernedCompartmentRules concerned = new ConcernedCompartmentRules(PRACTICE, ConcernedCompartmentRulesTest::rules);
		List<IAuthRule> hapi = rules(PRACTICE.stream().map(id -> (IIdType) new IdType(id)).toList());

		boolean setBased = allows(List.of(concerned), check, request);
		boolean oneByOne = allows(hapi, check, request);

		assertThat(setBased).as("set-based rule").isEqualTo(check.allowed());
		assertThat(oneByOne).as("HAPI's rule with every compartment").isEqualTo(check.allowed());
	}

	private static List<IAuthRule> rules(Collection<IIdType> compartments) {
		IAuthRuleBuilder rules = new RuleBuilder();
		ScopeRules.grant(rules, SCOPES, Context.USER, compartments);
		ScopeRules.operations(rules, SCOPES, compartments);
		return rules.build();
	}

	private static boolean allows(List<IAuthRule> rules, Check check, ServletRequestDetails request) {
		AuthorizationInterceptor applier = new AuthorizationInterceptor(PolicyEnum.DENY);
		Pointcut pointcut = check.output() != null ? Pointcut.STORAGE_PRESHOW_RESOURCES
				: Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED;
		for (IAuthRule rule : rules) {
			Verdict verdict = rule.applyRule(check.operation(), request, check.input(), check.id(), check.output(),
					applier, Set.of(), pointcut);
			if (verdict != null) {
				return verdict.getDecision() == PolicyEnum.ALLOW;
			}
		}
		return false;
	}

	private static ServletRequestDetails request(Check check) {
		ServletRequestDetails request = new ServletRequestDetails();
		request.setServer(new RestfulServer(FHIR));
		request.setParameters(check.search());
		request.setResourceName(check.type());
		if (check.id() != null) {
			request.setId(check.id());
		}
		return request;
	}

	private static Check shown(String name, IBaseResource record, boolean allowed) {
		return new Check(name, RestOperationTypeEnum.SEARCH_TYPE, FHIR.getResourceType(record), null, null, record,
				Map.of(), allowed);
	}

	private static Check searched(String name, String type, Map<String, String[]> parameters, boolean allowed) {
		return new Check(name, RestOperationTypeEnum.SEARCH_TYPE, type, null, null, null, parameters, allowed);
	}

	private static Condition condition(String patient) {
		Condition condition = new Condition().setSubject(new Reference(patient));
		condition.setId("Condition/c1");
		return condition;
	}

	private static Patient patient(String id) {
		Patient patient = new Patient();
		patient.setId("Patient/" + id);
		return patient;
	}

	private static CareTeam careTeam(String subject, String member) {
		CareTeam team = new CareTeam().setSubject(new Reference(subject));
		team.addParticipant().setMember(new Reference(member));
		team.setId("CareTeam/t1");
		return team;
	}
}
