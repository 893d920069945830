package uk.concord.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR resource scope, v2 ({@code patient/Condition.rs}) or v1 ({@code user/*.read}). v1's {@code read}
 * means {@code rs}, {@code write} means {@code cud} and {@code *} means {@code cruds}. v2 query restrictions
 * ({@code ?category=...}) are not supported: such scopes are ignored rather than widened.
 *
 * @param text the scope as granted, which is what it prints as (authorisation rules are named after it)
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions, String text) {

	private static final Pattern FORM = Pattern.compile("(patient|user|system)/([A-Za-z]+|\\*)\\.([a-z*]+)");
	private static final Pattern V2_PERMISSIONS = Pattern.compile("c?r?u?d?s?");

	public enum Context { PATIENT, USER, SYSTEM }

	/** SMART v2's create, read, update, delete and search. */
	public enum Permission { CREATE, READ, UPDATE, DELETE, SEARCH }

	public static Optional<SmartScope> parse(String scope) {
		Matcher form = FORM.matcher(scope);
		if (!form.matches()) {
			return Optional.empty();
		}
		Set<Permission> permissions = permissions(form.group(3));
		if (permissions.isEmpty()) {
			return Optional.empty();
		}
		Context context = Context.valueOf(form.group(1).toUpperCase(Locale.ROOT));
		return Optional.of(new SmartScope(context, form.group(2), Collections.unmodifiableSet(permissions), scope));
	}

	private static Set<Permission> permissions(String text) {
		switch (text) {
			case "read":
				return EnumSet.of(Permission.READ, Permission.SEARCH);
			case "write":
				return EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
			case "*":
				return EnumSet.allOf(Permission.class);
			default:
				// v2: a subset of "cruds", in that order
				if (!V2_PERMISSIONS.matcher(text).matches()) {
					return EnumSet.noneOf(Permission.class);
				}
				EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
				for (char c : text.toCharArray()) {
					set.add(switch (c) {
						case 'c' -> Permission.CREATE;
						case 'r' -> Permission.READ;
						case 'u' -> Permission.UPDATE;
						case 'd' -> Permission.DELETE;
						default -> Permission.SEARCH;
					});
				}
				return set;
		}
	}

	/** Whether this scope names the type itself or all types ({@code *}). */
	public boolean covers(String type) {
		return "*".equals(resourceType) || resourceType.equals(type);
	}

	public boolean isWildcard() {
		return "*".equals(resourceType);
	}

	@Override
	public String toString() {
		return text;
	}
}
