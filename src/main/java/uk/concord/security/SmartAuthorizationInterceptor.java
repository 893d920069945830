package uk.concord.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import uk.concord.security.SmartScope.Context;

/**
 * Decides every FHIR request from the caller's token with HAPI's {@link AuthorizationInterceptor}: anything no rule
 * allows is refused with 403. Audit records are append-only for everyone and readable only with an explicit
 * {@code AuditEvent} scope; the rest follows the token's SMART scopes ({@link ScopeRules}) and, for clinicians who
 * give a reason, break-glass ({@link BreakGlass}).
 */
class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

	private final ReachablePatients reachable;

	SmartAuthorizationInterceptor(ReachablePatients reachable) {
		super(PolicyEnum.DENY);
		this.reachable = reachable;
	}

	@Override
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		Caller caller = Caller.of(request);
		if (caller.isInternal()) {
			return new RuleBuilder().allowAll("server-internal work").build();
		}
		IAuthRuleBuilder rules = new RuleBuilder();
		// Reading audit records needs an AuditEvent scope (ScopePermissionRule); changing or deleting them is refused
		// at the storage layer whatever the route (uk.concord.audit.AuditRecordsProtected).
		rules.deny("audit records are written by the server").create().resourcesOfType(SmartScopes.AUDIT_EVENT)
				.withAnyId();
		rules.deny("no operations on audit records").operation().withAnyName().onInstancesOfType(AuditEvent.class)
				.andAllowAllResponses();
		rules.allow("capability statement").metadata();
		rules.allow("transactions and batches, entry by entry").transaction().withAnyOperation().andApplyNormalRules();
		if (caller.isSystem()) {
			ScopeRules.grant(rules, caller.scopes(), Context.SYSTEM, null);
			ScopeRules.operations(rules, caller.scopes(), null);
		}
		List<IAuthRule> list = new ArrayList<>();
		list.add(new ScopePermissionRule(caller));
		list.addAll(rules.build());
		if (caller.isPatient() || caller.isOrganisationUser()) {
			Context context = caller.isPatient() ? Context.PATIENT : Context.USER;
			list.add(new ConcernedCompartmentRules(reachable.of(caller, request), compartments -> {
				IAuthRuleBuilder within = new RuleBuilder();
				ScopeRules.grant(within, caller.scopes(), context, compartments);
				ScopeRules.operations(within, caller.scopes(), compartments);
				return within.build();
			}));
			if (caller.isBreakingGlass()) {
				IAuthRuleBuilder breakingGlass = new RuleBuilder();
				BreakGlass.grant(breakingGlass, caller.scopes());
				list.addAll(breakingGlass.build());
			}
		}
		return list;
	}
}
