package uk.concord.security;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationFlagsEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import uk.concord.security.SmartScope.Context;
import uk.concord.security.SmartScope.Permission;

/**
 * What HAPI's rule builder cannot say: SMART v2 tells reading ({@code r}) from searching ({@code s}), and history
 * across a whole type or server (with its counts) is only for {@code system/} callers, since it is not narrowed to
 * the patients a user may see. Decides only on the way in, before anything is read.
 */
final class ScopePermissionRule implements IAuthRule {

	private final Caller caller;

	ScopePermissionRule(Caller caller) {
		this.caller = caller;
	}

	@Override
	public Verdict applyRule(
			RestOperationTypeEnum operation,
			RequestDetails request,
			IBaseResource input,
			IIdType inputId,
			IBaseResource output,
			IRuleApplier applier,
			Set<AuthorizationFlagsEnum> flags,
			Pointcut pointcut) {
		if (input != null || output != null || operation == null) {
			return null;
		}
		String type = request.getResourceName();
		if (operation == RestOperationTypeEnum.HISTORY_INSTANCE && permits(type, Permission.READ)) {
			// HAPI cannot place a bare id in a compartment on the way in; every version is checked on the way out
			return new Verdict(PolicyEnum.ALLOW, this);
		}
		boolean allowed = switch (operation) {
			case SEARCH_TYPE -> permits(type, Permission.SEARCH);
			case READ, VREAD, HISTORY_INSTANCE -> permits(type, Permission.READ);
			case HISTORY_TYPE, HISTORY_SYSTEM, SEARCH_SYSTEM -> caller.isSystem()
					&& (type == null || caller.scopes().allows(Context.SYSTEM, type, Permission.READ));
			default -> true;
		};
		return allowed ? null : new Verdict(PolicyEnum.DENY, this);
	}

	private boolean permits(String type, Permission permission) {
		for (Context context : Context.values()) {
			if (caller.scopes().allows(context, type, permission)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String getName() {
		return "the token's scopes do not grant this (" + caller.scopes().raw().stream().sorted().toList() + ")";
	}
}
