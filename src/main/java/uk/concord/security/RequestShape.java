package uk.concord.security;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryRequestComponent;

/**
 * What a request asks, in the terms {@link AccessClassification} classifies: the interaction, the resource type, the
 * operation and the search criteria. Made from an HTTP request, or from one entry of a batch or transaction (which
 * HAPI carries out without a request of its own reaching this point).
 *
 * @param interaction null when the entry's URL is not one Concord understands (refused for non-system callers)
 * @param criteria    search criteria, including those of conditional writes; empty for other interactions
 */
record RequestShape(
		RestOperationTypeEnum interaction, String resourceType, String operation, Map<String, String[]> criteria) {

	static RequestShape of(RequestDetails request) {
		RestOperationTypeEnum interaction = request.getRestOperationType();
		Map<String, String[]> criteria = new LinkedHashMap<>();
		if (isSearchOrConditional(interaction)) {
			criteria.putAll(request.getParameters());
			String ifNoneExist = request.getHeader(Constants.HEADER_IF_NONE_EXIST);
			if (ifNoneExist != null) {
				criteria.putAll(query(ifNoneExist));
			}
		}
		// HAPI names _history and _search as operations too; only $names are operations
		String operation = request.getOperation() != null && request.getOperation().startsWith("$") ? request.getOperation() : null;
		return new RequestShape(interaction, request.getResourceName(), operation, criteria);
	}

	/** One entry of a batch or transaction, from its {@code request.method} and {@code request.url}. */
	static RequestShape of(BundleEntryComponent entry) {
		BundleEntryRequestComponent request = entry.getRequest();
		String url = request.getUrl() == null ? "" : request.getUrl();
		int question = url.indexOf('?');
		String path = question < 0 ? url : url.substring(0, question);
		Map<String, String[]> criteria = new LinkedHashMap<>(query(question < 0 ? "" : url.substring(question + 1)));
		if (request.hasIfNoneExist()) {
			criteria.putAll(query(request.getIfNoneExist()));
		}
		List<String> parts = new ArrayList<>(List.of(path.replaceAll("^/+|/+$", "").split("/")));
		parts.removeIf(String::isEmpty);
		String method = request.getMethod() == null ? "" : request.getMethod().toCode();
		String operation = parts.isEmpty() || !parts.get(parts.size() - 1).startsWith("$") ? null : parts.get(parts.size() - 1);
		RestOperationTypeEnum interaction = interaction(method, parts, operation);
		String type = parts.isEmpty() || parts.get(0).startsWith("$") || parts.get(0).startsWith("_") ? null : parts.get(0);
		return new RequestShape(interaction, type, operation,
				isSearchOrConditional(interaction) ? criteria : Map.of());
	}

	private static RestOperationTypeEnum interaction(String method, List<String> parts, String operation) {
		int n = parts.size();
		if (operation != null) {
			return switch (n) {
				case 1 -> RestOperationTypeEnum.EXTENDED_OPERATION_SERVER;
				case 2 -> RestOperationTypeEnum.EXTENDED_OPERATION_TYPE;
				case 3 -> RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE;
				default -> null;
			};
		}
		boolean history = n >= 1 && "_history".equals(parts.get(n == 4 ? 2 : n - 1));
		return switch (method + " " + n) {
			case "GET 0" -> RestOperationTypeEnum.SEARCH_SYSTEM;
			case "GET 1" -> history ? RestOperationTypeEnum.HISTORY_SYSTEM
					: "metadata".equals(parts.get(0)) ? RestOperationTypeEnum.METADATA : RestOperationTypeEnum.SEARCH_TYPE;
			case "GET 2", "POST 2" -> history ? RestOperationTypeEnum.HISTORY_TYPE
					: "_search".equals(parts.get(1)) ? RestOperationTypeEnum.SEARCH_TYPE
					: "GET".equals(method) ? RestOperationTypeEnum.READ : null;
			case "GET 3" -> history ? RestOperationTypeEnum.HISTORY_INSTANCE : null;
			case "GET 4" -> history ? RestOperationTypeEnum.VREAD : null;
			case "POST 1" -> RestOperationTypeEnum.CREATE;
			case "PUT 1", "PUT 2" -> RestOperationTypeEnum.UPDATE;
			case "PATCH 1", "PATCH 2" -> RestOperationTypeEnum.PATCH;
			case "DELETE 1", "DELETE 2" -> RestOperationTypeEnum.DELETE;
			case "HEAD 1" -> RestOperationTypeEnum.SEARCH_TYPE;
			case "HEAD 2" -> RestOperationTypeEnum.READ;
			default -> null;
		};
	}

	/** Searches, and writes whose URL (or If-None-Exist) is a search: both ask which records match. */
	private static boolean isSearchOrConditional(RestOperationTypeEnum interaction) {
		return interaction == RestOperationTypeEnum.SEARCH_TYPE
				|| interaction == RestOperationTypeEnum.SEARCH_SYSTEM
				|| interaction == RestOperationTypeEnum.CREATE
				|| interaction == RestOperationTypeEnum.UPDATE
				|| interaction == RestOperationTypeEnum.PATCH
				|| interaction == RestOperationTypeEnum.DELETE;
	}

	private static Map<String, String[]> query(String query) {
		String plain = query.startsWith("?") ? query.substring(1) : query;
		// an If-None-Exist may be given as a whole URL (Patient?identifier=...)
		int question = plain.indexOf('?');
		return UrlUtil.parseQueryString(question < 0 ? plain : plain.substring(question + 1));
	}
}
