package uk.concord.record;

import java.util.List;

/** Code system and identifier system URLs the server itself acts on, written once. */
public final class Vocabulary {

	/**
	 * The start of the canonical URL of every conformance resource Concord defines (its package's profiles,
	 * terminology, search parameters and Measure, and the NHS Number index's search parameters); read-only through
	 * the API.
	 */
	public static final String CANONICAL_BASE = "https://fhir.concord.org.uk/";

	/** The NHS Number (UK Core): 10 digits with a Modulus 11 check digit. */
	public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

	/** ORPHAcodes, as Concord stores and emits them. */
	public static final String ORPHANET = "https://www.orpha.net";

	/** ORPHAcodes as some systems send them; accepted, and stored as {@link #ORPHANET}. */
	public static final String ORPHANET_HTTP = "http://www.orpha.net";

	/** The systems an ORPHAcode is read by: records stored before http was normalised to https carry the http one. */
	public static final List<String> ORPHANET_SYSTEMS = List.of(ORPHANET, ORPHANET_HTTP);

	/** An organisation's ODS code (NHS Organisation Data Service). */
	public static final String ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code";

	/** Concord's consent categories: {@code carer-access} marks a young person's confirmation of a carer. */
	public static final String CONSENT_CATEGORY = "https://fhir.concord.org.uk/CodeSystem/consent-category";

	/** The code in {@link #CONSENT_CATEGORY} of a CarerAccessConsent. */
	public static final String CARER_ACCESS = "carer-access";

	/** Tags a Subscription with the client id of the token that created it (set by the server, never by clients). */
	public static final String SUBSCRIPTION_CREATOR = "https://fhir.concord.org.uk/CodeSystem/subscription-creator";

	/** IPS's "no information" placeholders (no-allergy-info, no-medication-info, ...), which record nothing. */
	public static final String IPS_ABSENT_UNKNOWN = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips";

	/** Concord's kinds of care plan (coordinated-care-plan, emergency-care-plan, transition-plan). */
	public static final String CARE_PLAN_TYPE = "https://fhir.concord.org.uk/CodeSystem/care-plan-type";

	/** Concord's care team roles (care-coordinator, patient, ...). */
	public static final String CARE_TEAM_ROLE = "https://fhir.concord.org.uk/CodeSystem/care-team-role";

	private Vocabulary() {}
}
