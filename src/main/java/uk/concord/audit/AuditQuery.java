package uk.concord.audit;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.StringUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A search for audit records as SQL over {@link AuditStore}'s tables: each parameter ANDed, each comma-separated list
 * ORed, as FHIR says. What the tables cannot answer (chains, {@code _has}, {@code _include}, {@code :text} and other
 * modifiers, full-text search) is refused with a 400 naming it, never ignored: an auditor must not take a wider answer
 * for the one asked.
 */
final class AuditQuery {

	private static final String DATE = "date";
	private static final String ID = "_id";
	private static final String LAST_UPDATED = "_lastUpdated";
	/** The parameters of every resource that the store keeps; the rest ({@code _content}, {@code _has}...) it does not. */
	private static final Set<String> COMMON = Set.of(ID, AuditIndexValues.PROFILE, AuditIndexValues.TAG,
			AuditIndexValues.SECURITY);

	private final StringJoiner where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
	private final List<Object> arguments = new ArrayList<>();
	private String orderBy = " ORDER BY r.PID";

	private AuditQuery() {}

	static AuditQuery of(SearchParameterMap search) {
		AuditQuery query = new AuditQuery();
		if (!search.getIncludes().isEmpty() || !search.getRevIncludes().isEmpty()) {
			throw refused("_include and _revinclude");
		}
		for (Map.Entry<String, List<List<IQueryParameterType>>> parameter : search.entrySet()) {
			for (List<IQueryParameterType> anyOf : parameter.getValue()) {
				if (!anyOf.isEmpty()) {
					query.add(parameter.getKey(), anyOf);
				}
			}
		}
		if (search.getLastUpdated() != null) {
			query.where.add(dateCondition("r.STORED", search.getLastUpdated(), query.arguments));
		}
		if (search.getSort() != null) {
			query.orderBy = orderBy(search.getSort());
		}
		return query;
	}

	/** Whether the store answers a search by this parameter (AuditEvent's own, and a few of every resource's). */
	static boolean answers(String parameter) {
		return !parameter.startsWith("_") || COMMON.contains(parameter) || LAST_UPDATED.equals(parameter);
	}

	String where() {
		return where.toString();
	}

	List<Object> arguments() {
		return arguments;
	}

	String orderBy() {
		return orderBy;
	}

	private void add(String name, List<IQueryParameterType> anyOf) {
		if (!answers(name)) {
			throw refused(name);
		}
		StringJoiner or = new StringJoiner(" OR ", "(", ")");
		List<Object> values = new ArrayList<>();
		boolean not = false;
		for (IQueryParameterType value : anyOf) {
			if (value.getMissing() != null) {
				throw refused(name + ":missing");
			}
			if (DATE.equals(name)) {
				or.add(dateCondition("r.RECORDED", (DateParam) value, values));
			} else if (ID.equals(name)) {
				or.add("r.FHIR_ID = ?");
				values.add(id(value));
			} else if (value instanceof TokenParam token) {
				not = token.getModifier() == TokenParamModifier.NOT;
				if (token.getModifier() != null && !not) {
					throw refused(name + token.getModifier().getValue());
				}
				or.add(token(token, values));
			} else if (value instanceof ReferenceParam reference) {
				or.add(reference(name, reference, values));
			} else if (value instanceof StringParam string) {
				or.add(string(string, values));
			} else if (value instanceof UriParam uri && uri.getQualifier() == null) {
				or.add("v.VAL = ?");
				values.add(uri.getValue());
			} else {
				throw refused(name);
			}
		}
		if (DATE.equals(name) || ID.equals(name)) {
			where.add(or.toString());
			arguments.addAll(values);
			return;
		}
		String ownValues = "r.PID IN (SELECT v.RECORD_ID FROM " + AuditStore.VALUES + " v WHERE v.PARAM = ? AND " + or + ")";
		arguments.add(name);
		arguments.addAll(values);
		if (anyOf.get(0) instanceof ReferenceParam) {
			// references are always a record's own values (AuditIndexValues.Value#own): its index alone answers them
			where.add(not ? "NOT " + ownValues : ownValues);
			return;
		}
		// a value records share is in their shape, or among the record's own rows if it was stored before shapes
		String sharedValues = "r.SHAPE IS NOT NULL AND r.SHAPE IN (SELECT v.SHAPE FROM " + AuditStore.SHAPE_VALUES
				+ " v WHERE v.PARAM = ? AND " + or + ")";
		arguments.add(name);
		arguments.addAll(values);
		String either = "(" + ownValues + " OR " + sharedValues + ")";
		where.add(not ? "NOT " + either : either);
	}

	private static String token(TokenParam token, List<Object> values) {
		List<String> both = new ArrayList<>();
		if (token.getSystem() != null && token.getSystem().isEmpty()) {
			both.add("v.SYS IS NULL");
		} else if (token.getSystem() != null) {
			both.add("v.SYS = ?");
			values.add(token.getSystem());
		}
		if (token.getValue() != null && !token.getValue().isEmpty()) {
			both.add("v.VAL = ?");
			values.add(token.getValue());
		}
		return both.isEmpty() ? "1 = 1" : "(" + String.join(" AND ", both) + ")";
	}

	private static String reference(String name, ReferenceParam reference, List<Object> values) {
		if (reference.hasChain()) {
			throw refused(name + "." + reference.getChain());
		}
		if (reference.getIdPart() == null || reference.getIdPart().isEmpty()) {
			throw new InvalidRequestException("An audit record search by " + name + " needs a reference");
		}
		String type = reference.getResourceType();
		if (type == null || type.isEmpty()) {
			values.add("%/" + escapeLike(reference.getIdPart()));
			return "v.VAL LIKE ? ESCAPE '\\'";
		}
		values.add(type + "/" + reference.getIdPart());
		return "v.VAL = ?";
	}

	private static String string(StringParam string, List<Object> values) {
		String value = string.getValue() == null ? "" : string.getValue();
		if (string.isExact()) {
			values.add(value);
			return "v.SYS = ?";
		}
		String normalised = escapeLike(StringUtil.normalizeStringForSearchIndexing(value));
		values.add(string.isContains() ? "%" + normalised + "%" : normalised + "%");
		return "v.VAL LIKE ? ESCAPE '\\'";
	}

	private static String dateCondition(String column, DateRangeParam range, List<Object> values) {
		List<String> bounds = new ArrayList<>();
		for (DateParam bound : new DateParam[] {range.getLowerBound(), range.getUpperBound()}) {
			if (bound != null && bound.getValue() != null) {
				bounds.add(dateCondition(column, bound, values));
			}
		}
		return bounds.isEmpty() ? "1 = 1" : "(" + String.join(" AND ", bounds) + ")";
	}

	/** A date as FHIR reads it: the whole of its precision (a day is that day, a month that month). */
	private static String dateCondition(String column, DateParam date, List<Object> values) {
		if (date.getValue() == null) {
			throw new InvalidRequestException("A date search needs a date");
		}
		long start = date.getValue().getTime();
		long end = date.getPrecision().add(date.getValue(), 1).getTime();
		ParamPrefixEnum prefix = date.getPrefix() == null ? ParamPrefixEnum.EQUAL : date.getPrefix();
		switch (prefix) {
			case GREATERTHAN, STARTS_AFTER -> values.add(end);
			case GREATERTHAN_OR_EQUALS, LESSTHAN, ENDS_BEFORE -> values.add(start);
			case LESSTHAN_OR_EQUALS -> values.add(end);
			case EQUAL, APPROXIMATE -> {
				values.add(start);
				values.add(end);
				return "(" + column + " >= ? AND " + column + " < ?)";
			}
			default -> throw refused("date with the " + prefix.getValue() + " prefix");
		}
		return switch (prefix) {
			case GREATERTHAN, STARTS_AFTER, GREATERTHAN_OR_EQUALS -> column + " >= ?";
			default -> column + " < ?";
		};
	}

	private static String id(IQueryParameterType value) {
		String text = value instanceof TokenParam token ? token.getValue() : value.getValueAsQueryToken(null);
		return text.contains("/") ? text.substring(text.lastIndexOf('/') + 1) : text;
	}

	private static String orderBy(SortSpec sort) {
		StringJoiner columns = new StringJoiner(", ", " ORDER BY ", "");
		for (SortSpec next = sort; next != null; next = next.getChain()) {
			String column = switch (next.getParamName()) {
				case DATE -> "r.RECORDED";
				case LAST_UPDATED -> "r.STORED";
				case ID -> "r.FHIR_ID";
				default -> throw refused("_sort=" + next.getParamName());
			};
			columns.add(column + (next.getOrder() == SortOrderEnum.DESC ? " DESC" : ""));
		}
		columns.add("r.PID");
		return columns.toString();
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static InvalidRequestException refused(String what) {
		return new InvalidRequestException("Audit records cannot be searched with " + what
				+ "; they can be searched by each AuditEvent search parameter, _id, _lastUpdated, _profile, _tag and"
				+ " _security, sorted by date, _lastUpdated or _id");
	}
}
