// Invariants. Keys start with concord-; every one is severity error and has a passing and a failing example
// (examples/InvariantExamples.fsh). The Description is the human text the server returns in a 422 OperationOutcome.
// Expressions use only FHIRPath that the HL7 FHIRPath engine in HAPI (org.hl7.fhir.r5 FHIRPathEngine, used by the
// validator) implements: where, exists, empty, count, all, matches, substring, toInteger, mod, now.

Invariant: concord-nhs-number-check-digit
Description: "An NHS Number must be 10 digits and its last digit must be the correct Modulus 11 check digit."
Severity: #error
Expression: "(system.exists() and system = 'https://fhir.nhs.uk/Id/nhs-number') implies (value.matches('^[0-9]{10}$') and ((11 - ((value.substring(0,1).toInteger() * 10 + value.substring(1,1).toInteger() * 9 + value.substring(2,1).toInteger() * 8 + value.substring(3,1).toInteger() * 7 + value.substring(4,1).toInteger() * 6 + value.substring(5,1).toInteger() * 5 + value.substring(6,1).toInteger() * 4 + value.substring(7,1).toInteger() * 3 + value.substring(8,1).toInteger() * 2) mod 11)) mod 11) = value.substring(9,1).toInteger())"

Invariant: concord-nhs-number-or-reason
Description: "A patient without an NHS Number must say why, in the nhs-number-unavailable-reason extension."
Severity: #error
Expression: "identifier.where(system = 'https://fhir.nhs.uk/Id/nhs-number').exists() or extension.where(url = 'https://fhir.concord.org.uk/StructureDefinition/nhs-number-unavailable-reason').exists()"

Invariant: concord-orphacode
Description: "The code must include at least one ORPHAcode (system https://www.orpha.net, or http://www.orpha.net); use ORPHA 616874 for a rare disorder without a determined diagnosis after full investigation."
Severity: #error
Expression: "coding.where((system = 'https://www.orpha.net' or system = 'http://www.orpha.net') and code.exists()).exists()"

Invariant: concord-orphacode-format
Description: "An ORPHAcode is written as the number alone, for example 98896, not ORPHA:98896."
Severity: #error
Expression: "coding.where(system = 'https://www.orpha.net' or system = 'http://www.orpha.net').all(code.matches('^[0-9]+$'))"

Invariant: concord-one-coordinator
Description: "A care team that is not inactive must have exactly one current care coordinator: one participant with role care-coordinator whose period has started (or has no start) and has not ended (an end date of today is still current)."
Severity: #error
// Current, at day precision: a start after today, or an end before today, rules the participant out. Comparing a
// date with today() at another precision gives empty, which iif treats as "not ruled out" (an end of today, or an
// end time later today, is still current). now() must not be used: a date compared with now() is empty, so an
// end date of today counted as ended.
Expression: "status = 'inactive' or status = 'entered-in-error' or participant.where(role.coding.where(system = 'https://fhir.concord.org.uk/CodeSystem/care-team-role' and code = 'care-coordinator').exists() and iif(period.start.exists() and period.start > today(), false, true) and iif(period.end.exists() and period.end < today(), false, true)).count() = 1"

Invariant: concord-active-plan-review
Description: "An active care plan must have a next review date (extension next-review-date)."
Severity: #error
Expression: "status != 'active' or extension.where(url = 'https://fhir.concord.org.uk/StructureDefinition/next-review-date').exists()"

Invariant: concord-emergency-instructions
Description: "An emergency care plan must say what to do in an emergency, in CarePlan.description."
Severity: #error
Expression: "category.coding.where(system = 'https://fhir.concord.org.uk/CodeSystem/care-plan-type' and code = 'emergency-care-plan').exists() implies description.exists()"

Invariant: concord-attachment-data-or-url
Description: "A shared document's attachment must carry the document itself (data) or where to get it (url)."
Severity: #error
Expression: "data.exists() or url.exists()"

Invariant: concord-clinical-status
Description: "A rare condition must have a clinicalStatus, unless its verificationStatus is entered-in-error (then base R4 rule con-5 forbids one)."
Severity: #error
Expression: "clinicalStatus.exists() or verificationStatus.coding.where(system = 'http://terminology.hl7.org/CodeSystem/condition-ver-status' and code = 'entered-in-error').exists()"

Invariant: concord-ods-code
Description: "An ODS code (system https://fhir.nhs.uk/Id/ods-organization-code) is 3 to 10 capital letters and digits, for example RP4 or A81001."
Severity: #error
Expression: "(system = 'https://fhir.nhs.uk/Id/ods-organization-code') implies value.matches('^[A-Z0-9]{3,10}$')"

Invariant: concord-mime-type
Description: "contentType must be a MIME type (BCP 13, RFC 6838): type/subtype with optional parameters, for example application/pdf or text/plain; charset=UTF-8."
Severity: #error
Expression: "matches('^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}( *; *[A-Za-z0-9!#$&^_.+-]+=([A-Za-z0-9!#$&^_.+-]+|\"[^\"]*\"))*$')"

Invariant: concord-on-behalf-of-practitioner
Description: "A care team member acting on behalf of an organisation (onBehalfOf) must be a Practitioner (R4 rule ctm-1); a RelatedPerson, Patient, PractitionerRole or Organization cannot act on its behalf."
Severity: #error
// R4's ctm-1 resolves the member, which the validator cannot do for a stored resource (it resolves to nothing, and
// ctm-1 then passes). The literal reference names the type: a member whose reference names none (urn:uuid:,
// #contained, or identifier only) is not judged, as ctm-1 does not judge a member it cannot resolve.
Expression: "(onBehalfOf.exists() and member.reference.matches('^(.*/)?[A-Za-z]+/[^/]+(/_history/[^/]+)?$')) implies member.reference.matches('^(.*/)?Practitioner/[^/]+(/_history/[^/]+)?$')"
