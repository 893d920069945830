package uk.concord.security;

import static ca.uhn.fhir.rest.api.RestOperationTypeEnum.*;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deny by default: the one table of everything a client can ask Concord for, and who may ask it. Every interaction,
 * every operation the server exposes, every kind of search parameter, every modifier and every special parameter is
 * listed with the tokens that may use it ({@link Audience}), how its answer is narrowed and what that answer may
 * reveal. {@link DenyByDefault} refuses anything not listed here to {@code patient/} and {@code user/} tokens;
 * {@code system/} tokens reach everything their scopes grant. Adding an operation is one line in {@link #OPERATIONS};
 * {@code AccessClassificationCoversTheServerIT} fails when the server exposes something this table does not cover.
 *
 * <p>What a listed entry lets through is still subject to the scope and compartment rules
 * ({@link SmartAuthorizationInterceptor}), search narrowing ({@link CareRelationshipNarrowing}) and consent
 * ({@link CareSharingConsentService}); the table decides only whether the question may be asked at all.
 */
public final class AccessClassification {

	/** The kinds of token, by the context of their SMART scopes. */
	public enum Audience {
		SYSTEM, USER, PATIENT;

		/** The audience of a caller; empty for one with no data scopes (refused elsewhere anyway). */
		static Optional<Audience> of(Caller caller) {
			if (caller.isSystem()) {
				return Optional.of(SYSTEM);
			}
			if (caller.isOrganisationUser()) {
				return Optional.of(USER);
			}
			return caller.isPatient() ? Optional.of(PATIENT) : Optional.empty();
		}
	}

	/**
	 * One row of the table.
	 *
	 * @param who       the tokens that may use it
	 * @param narrowing how its answer is limited to what the caller may see
	 * @param reveals   what its answer may tell the caller
	 */
	public record Access(Set<Audience> who, String narrowing, String reveals) {

		public boolean allows(Audience audience) {
			return who.contains(audience);
		}

		/** Offered to no token at all: HAPI registers it, Concord withdraws it. */
		public boolean isWithdrawn() {
			return who.isEmpty();
		}
	}

	private static Access everyone(String narrowing, String reveals) {
		return new Access(EnumSet.allOf(Audience.class), narrowing, reveals);
	}

	/** HAPI offers it, Concord does not: refused to every token ({@link DenyByDefault}) and left out of the CapabilityStatement. */
	private static Access withdrawn(String why) {
		return new Access(EnumSet.noneOf(Audience.class), "none: not offered", why);
	}

	private static Access systemOnly(String why) {
		return new Access(EnumSet.of(Audience.SYSTEM), "none: not narrowed to the caller's patients", why);
	}

	private static final String COMPARTMENTS = "Patient compartments the token reaches, then consent, record by record";
	private static final String RECORDS = "the records the caller may read";
	private static final String INSTANCE_READ =
			"the read rule on the named record first: a record the caller cannot read answers as one that does not exist";

	/** Interactions ({@link RestOperationTypeEnum}); operations are classified by name below. */
	static final Map<RestOperationTypeEnum, Access> INTERACTIONS = new EnumMap<>(Map.ofEntries(
			Map.entry(METADATA, everyone("none", "what the server supports")),
			Map.entry(READ, everyone(COMPARTMENTS, RECORDS)),
			Map.entry(VREAD, everyone(COMPARTMENTS, RECORDS)),
			Map.entry(SEARCH_TYPE, everyone("search narrowed to " + COMPARTMENTS, RECORDS + "; no total under consent")),
			Map.entry(GET_PAGE, everyone("only the caller whose search made the page", RECORDS)),
			Map.entry(HISTORY_INSTANCE, everyone("every version checked on the way out", RECORDS)),
			Map.entry(CREATE, everyone("scopes, within the caller's compartments", "the stored record")),
			Map.entry(UPDATE, everyone("scopes, within the caller's compartments", "the stored record")),
			Map.entry(PATCH, everyone("scopes, within the caller's compartments", "the stored record")),
			Map.entry(DELETE, everyone("scopes, within the caller's compartments", "nothing")),
			Map.entry(TRANSACTION, everyone("each entry classified and authorised as if sent alone", "each entry's answer")),
			Map.entry(BATCH, everyone("each entry classified and authorised as if sent alone", "each entry's answer")),
			Map.entry(EXTENDED_OPERATION_SERVER, everyone("by operation, see OPERATIONS", "by operation")),
			Map.entry(EXTENDED_OPERATION_TYPE, everyone("by operation, see OPERATIONS", "by operation")),
			Map.entry(EXTENDED_OPERATION_INSTANCE, everyone("by operation, see OPERATIONS", "by operation")),
			Map.entry(VALIDATE, everyone("by operation, see OPERATIONS", "by operation")),
			Map.entry(SEARCH_SYSTEM, systemOnly("matches across every type: HAPI cannot narrow it")),
			Map.entry(HISTORY_TYPE, systemOnly("every version of every record of a type, and their count")),
			Map.entry(HISTORY_SYSTEM, systemOnly("every version of every record, and their count")),
			Map.entry(META, systemOnly("tags and labels used across records")),
			Map.entry(META_ADD, systemOnly("changes tags and labels")),
			Map.entry(META_DELETE, systemOnly("changes tags and labels")),
			Map.entry(GET_TAGS, systemOnly("tags used across records")),
			Map.entry(ADD_TAGS, systemOnly("changes tags")),
			Map.entry(DELETE_TAGS, systemOnly("changes tags"))));

	/** Operations the server registers, by name as HAPI gives it ({@code $validate}). */
	static final Map<String, Access> OPERATIONS = new TreeMap<>(Map.ofEntries(
			Map.entry("$validate", everyone(INSTANCE_READ, "issues about the submitted or the readable record")),
			Map.entry("$everything", everyone("own Patient compartments only; every record checked", RECORDS)),
			Map.entry("$summary", everyone("own Patient compartments only; every record checked", RECORDS)),
			Map.entry("$lookup", everyone("none needed", "terminology only")),
			Map.entry("$expand", everyone("none needed", "terminology only")),
			Map.entry("$validate-code", everyone("none needed", "terminology only")),
			Map.entry("$subsumes", everyone("none needed", "terminology only")),
			Map.entry("$translate", everyone("none needed", "terminology only")),
			Map.entry("$snapshot", everyone("none needed", "conformance resources only")),
			// on main since this branch started (coordination/): it narrows its own report and refuses patient tokens
			Map.entry("$coordination-gaps", new Access(EnumSet.of(Audience.SYSTEM, Audience.USER),
					"the patients the organisation cares for, consent permitting", "gaps and counts about those patients")),
			Map.entry("$match", systemOnly("candidate patients across the whole server")),
			Map.entry("$document", systemOnly("a document of whatever its Composition points at, not narrowed")),
			// switched off in this server (StorageSettingsFactory; no lastN index): HAPI still offered them, to answer 405 or 400
			Map.entry("$lastn", withdrawn("it needs a lastN index, which this server does not keep")),
			Map.entry("$merge", systemOnly("merges patients' records (identity/PatientMerge; needs system/*.cruds)")),
			// HAPI's generic merge rewrote a Condition's subject and then answered 409 (the target's NHS Number):
			// a write acknowledged as a failure. Patient/$merge is the merge for patient records.
			Map.entry("$hapi.fhir.merge", withdrawn("use Patient/$merge to merge two records of one person")),
			Map.entry("$hapi.fhir.undo-merge", withdrawn("use Patient/$merge to merge two records of one person")),
			Map.entry("$hapi.fhir.replace-references", withdrawn("it moves records between patients unchecked")),
			Map.entry("$hapi.fhir.undo-replace-references", withdrawn("it moves records between patients unchecked")),
			Map.entry("$meta", systemOnly("tags and labels of a record or across records")),
			// they change tags with no new version and no storage check, also on records the caller cannot read: the
			// EHR token re-tagged the team system's Subscription to another organisation, which decides whom it notifies
			Map.entry("$meta-add", withdrawn("tags are set by writing the record, where every rule applies")),
			Map.entry("$meta-delete", withdrawn("tags are set by writing the record, where every rule applies")),
			Map.entry("$diff", systemOnly("differences between versions of a record")),
			Map.entry("$expunge", withdrawn("records are never erased for good here: a delete keeps every version")),
			Map.entry("$reindex", systemOnly("server maintenance")),
			Map.entry("$reindex-dryrun", systemOnly("server maintenance")),
			Map.entry("$reindex-terminology", systemOnly("server maintenance")),
			Map.entry("$mark-all-resources-for-reindexing", systemOnly("server maintenance")),
			Map.entry("$perform-reindexing-pass", systemOnly("server maintenance")),
			Map.entry("$get-resource-counts", systemOnly("how many records of each type the server holds")),
			Map.entry("$suggest-keywords", systemOnly("words from records across patients")),
			Map.entry("$process-message", systemOnly("writes what the message carries")),
			Map.entry("$invalidate-expansion", systemOnly("terminology maintenance")),
			Map.entry("$graphql", systemOnly("not narrowed to the caller's patients"))));

	/**
	 * Instance operations open to patient/ and user/ tokens that answer about the record they name: the read rule
	 * applies to that record first ({@link InstanceReadRule}).
	 */
	static final Set<String> READ_THE_INSTANCE = Set.of("$validate");

	/** Search parameters by kind (what the registry says a name is). */
	static final Map<RestSearchParameterTypeEnum, Access> PARAMETER_KINDS = new EnumMap<>(Map.of(
			RestSearchParameterTypeEnum.STRING, everyone("the search's narrowing", "which of the caller's records match"),
			RestSearchParameterTypeEnum.TOKEN, everyone("the search's narrowing", "which of the caller's records match"),
			RestSearchParameterTypeEnum.DATE, everyone("the search's narrowing", "which of the caller's records match"),
			RestSearchParameterTypeEnum.NUMBER, everyone("the search's narrowing", "which of the caller's records match"),
			RestSearchParameterTypeEnum.QUANTITY, everyone("the search's narrowing", "which of the caller's records match"),
			RestSearchParameterTypeEnum.URI, everyone("the search's narrowing", "which of the caller's records match"),
			RestSearchParameterTypeEnum.REFERENCE, everyone("the search's narrowing", "which of the caller's records match"),
			RestSearchParameterTypeEnum.COMPOSITE, everyone("the search's narrowing", "which of the caller's records match"),
			RestSearchParameterTypeEnum.SPECIAL, systemOnly("special matching (such as near) is not classified for narrowing"),
			RestSearchParameterTypeEnum.HAS, systemOnly("asks about the records that point at each match")));

	/**
	 * A chain ({@code subject.name=...}) filters the caller's own narrowed results by what they point at; the
	 * answer is which of those results match. Types that are not narrowed (directories) point at no patient data.
	 */
	static final Access CHAIN = everyone("the search's narrowing", "which of the caller's records match");

	/** Modifiers ({@code name:modifier}); a resource type as modifier ({@code subject:Patient}) is {@link #TYPE_MODIFIER}. */
	static final Map<String, Access> MODIFIERS = new TreeMap<>(Map.ofEntries(
			Map.entry("missing", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("exact", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("contains", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("text", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("not", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("above", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("below", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("in", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("not-in", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("of-type", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("identifier", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("iterate", everyone("each included record checked by the read rules; unreadable ones left out", RECORDS)),
			Map.entry("recurse", everyone("each included record checked by the read rules; unreadable ones left out", RECORDS)),
			Map.entry("mdm", systemOnly("expands to records linked across patients"))));

	static final Access TYPE_MODIFIER = everyone("the search's narrowing", "which of the caller's records match");

	/** Parameters that are not search criteria on a type's own elements. */
	static final Map<String, Access> SPECIAL_PARAMETERS = new TreeMap<>(Map.ofEntries(
			Map.entry("_id", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_lastUpdated", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_tag", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_profile", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_security", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_source", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_language", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_text", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_content", everyone("the search's narrowing", "which of the caller's records match")),
			Map.entry("_include", everyone("included records checked by the read rules; unreadable ones left out", RECORDS)),
			Map.entry("_revinclude", everyone("included records checked by the read rules; unreadable ones left out", RECORDS)),
			Map.entry("_total", everyone("counts the narrowed search; left out while consent is checked", "a count of " + RECORDS)),
			Map.entry("_summary", everyone("the search's narrowing; count refused while consent is checked", RECORDS)),
			Map.entry("_elements", everyone("the search's narrowing", RECORDS)),
			Map.entry("_count", everyone("the search's narrowing", RECORDS)),
			Map.entry("_offset", everyone("the search's narrowing", RECORDS)),
			Map.entry("_sort", everyone("the search's narrowing", RECORDS)),
			Map.entry("_format", everyone("none needed", "nothing: the encoding")),
			Map.entry("_pretty", everyone("none needed", "nothing: the layout")),
			Map.entry("_has", systemOnly("asks about the records that point at each match, of any patient")),
			Map.entry("_list", systemOnly("asks about a List that may belong to another patient")),
			Map.entry("_filter", systemOnly("a query language whose criteria are not classified one by one")),
			Map.entry("_query", systemOnly("named queries are not classified")),
			Map.entry("_contained", systemOnly("matches inside contained resources are not narrowed")),
			Map.entry("_containedType", systemOnly("matches inside contained resources are not narrowed")),
			Map.entry("_type", systemOnly("a search across types")),
			Map.entry("_getpages", everyone("only the caller whose search made the page", RECORDS)),
			Map.entry("_getpagesoffset", everyone("only the caller whose search made the page", RECORDS)),
			// carried on $everything's page links (exchange/EverythingOfOnePatient): it only leaves records out
			Map.entry("_everything-of", everyone("only the caller whose search made the page", "nothing: it narrows the page")),
			Map.entry("_bundletype", everyone("none needed", "nothing: the bundle's type")),
			Map.entry("_since", everyone("every version checked on the way out", RECORDS)),
			Map.entry("_at", everyone("every version checked on the way out", RECORDS))));

	/**
	 * Resource types only {@code system/} tokens may ask about, whatever the interaction, and which are left out of
	 * other tokens' answers ($everything, includes). Every other type is narrowed as the interaction says.
	 */
	static final Map<String, Access> SYSTEM_ONLY_TYPES = new TreeMap<>(Map.of(
			// a family Group is in each member's Patient compartment, and lists the other members: a relative's record
			// stays theirs, so no patient or clinician token learns who the relatives are from it
			"Group", systemOnly("which patients belong together, such as a family sharing a genetic condition"),
			// team systems subscribe to changes (coordination/SubscriptionRules); a client sees, changes and deletes
			// only the Subscriptions it created
			"Subscription", new Access(EnumSet.of(Audience.SYSTEM),
					"only the Subscriptions the caller's client created", "its own Subscriptions and their delivery status")));

	private AccessClassification() {}

	/** A resource type's own row, for the types only system/ tokens may use; empty for types open as their interactions. */
	public static Optional<Access> resourceType(String type) {
		return Optional.ofNullable(type == null ? null : SYSTEM_ONLY_TYPES.get(type));
	}

	/** Whether the caller may use the resource type at all; types without a row of their own are left to scopes. */
	public static boolean mayUseType(String type, Caller caller) {
		return resourceType(type).map(access -> caller.isInternal() || Audience.of(caller).map(access::allows).orElse(false))
				.orElse(true);
	}

	public static Optional<Access> interaction(RestOperationTypeEnum interaction) {
		return Optional.ofNullable(INTERACTIONS.get(interaction));
	}

	/** An operation by name, with or without its {@code $}. */
	public static Optional<Access> operation(String name) {
		return Optional.ofNullable(OPERATIONS.get(name.startsWith("$") ? name : "$" + name));
	}

	/**
	 * A search parameter as a server declares it (no modifier or chain): special parameters by name, the rest by
	 * kind. {@code kind} may be null when the name is special.
	 */
	public static Optional<Access> searchParameter(String name, RestSearchParameterTypeEnum kind) {
		Access special = SPECIAL_PARAMETERS.get(name);
		if (special != null || name.startsWith("_")) {
			return Optional.ofNullable(special);
		}
		return kind == null ? Optional.empty() : Optional.ofNullable(PARAMETER_KINDS.get(kind));
	}

	public static boolean readsTheInstance(String operation) {
		return READ_THE_INSTANCE.contains(operation);
	}

	/** A modifier; {@code isResourceType} tells a type modifier ({@code subject:Patient}) from an unknown word. */
	public static Optional<Access> modifier(String modifier, boolean isResourceType) {
		Access known = MODIFIERS.get(modifier);
		if (known != null) {
			return Optional.of(known);
		}
		return isResourceType ? Optional.of(TYPE_MODIFIER) : Optional.empty();
	}
}
