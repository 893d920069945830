package uk.concord.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import uk.concord.security.SmartScope.Context;
import uk.concord.security.SmartScope.Permission;

/**
 * The resource scopes of one access token. Audit records are never covered by a wildcard: only a scope that names
 * {@code AuditEvent} reads them, so that an EHR's {@code system/*.cruds} does not make it an auditor.
 */
public record SmartScopes(List<SmartScope> scopes, Set<String> raw) {

	public static final String AUDIT_EVENT = "AuditEvent";

	/**
	 * Each access token's scopes were read afresh for every request it made (a regular expression per scope, 1.5 % of a
	 * read's CPU, issue 12); a token's claim is one of the few its issuer grants, so each is read once. Bounded only
	 * against an issuer that makes every claim different.
	 */
	private static final Cache<Object, SmartScopes> CLAIMS_READ = Caffeine.newBuilder().maximumSize(1_000).build();

	/** The scopes of a token's {@code scope} claim: space-separated text, or a list; none for anything else. */
	public static SmartScopes ofClaim(Object claim) {
		if (claim instanceof String text) {
			return CLAIMS_READ.get(text, key -> parse(List.of(text.trim().split("\\s+"))));
		}
		if (claim instanceof Collection<?> list) {
			List<String> granted = list.stream().map(String::valueOf).toList();
			return CLAIMS_READ.get(granted, key -> parse(granted));
		}
		return parse(List.of());
	}

	public static SmartScopes parse(Collection<String> granted) {
		List<SmartScope> parsed = granted.stream()
				.map(SmartScope::parse)
				.flatMap(Optional::stream)
				.toList();
		return new SmartScopes(parsed, Set.copyOf(granted));
	}

	public boolean allows(Context context, String type, Permission permission) {
		return scopes.stream().anyMatch(scope -> scope.context() == context
				&& scope.permissions().contains(permission)
				&& (AUDIT_EVENT.equals(type) ? AUDIT_EVENT.equals(scope.resourceType()) : scope.covers(type)));
	}

	/** Whether one scope of this context grants every permission on every type ({@code system/*.cruds}). */
	public boolean allowsEverything(Context context) {
		return scopes.stream().anyMatch(s -> s.context() == context && s.isWildcard()
				&& s.permissions().containsAll(EnumSet.allOf(Permission.class)));
	}

	public boolean has(Context context) {
		return scopes.stream().anyMatch(s -> s.context() == context);
	}
}
