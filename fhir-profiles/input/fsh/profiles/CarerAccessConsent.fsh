Profile: CarerAccessConsent
Parent: Consent
Id: CarerAccessConsent
Title: "Carer Access Consent"
Description: "A young person's confirmation that a carer (their RelatedPerson) may keep using their record once they reach the age the server is configured with (16 by default). Without an active one, the carer's access lapses. It is about one carer, not about organisations: organisation sharing is CareSharingConsent. A Consent that declares this profile in meta.profile is checked against it instead of CareSharingConsent."
* ^status = #active
* ^experimental = false
* meta.profile 1..* MS
* meta.profile ^short = "Must declare this profile: the server applies CareSharingConsent to a Consent that does not"
* status MS
* scope MS
* scope = $consentscope#patient-privacy
* category 1..1 MS
* category = $consent-category#carer-access
* patient 1..1 MS
* patient only Reference(Patient)
* patient ^short = "The young person whose record the carer uses"
* dateTime 1..1 MS
* performer 1..1 MS
* performer only Reference(Patient)
* performer ^short = "The young person themself: a carer cannot confirm their own access"
* organization 0..0
* policy 1..* MS
* policy ^short = "R4 asks for a policy (ppc-1); Concord's examples use https://fhir.concord.org.uk/policy/carer-access"
* policyRule 0..0
* verification 0..0
* provision 1..1 MS
* provision.type 1..1 MS
* provision.type = #permit
* provision.period MS
* provision.period ^short = "How long the confirmation lasts; open-ended when there is no end"
* provision.actor 1..1 MS
* provision.actor.reference only Reference(RelatedPerson)
* provision.actor.reference ^short = "The carer whose access is confirmed"
* provision.action 0..0
* provision.securityLabel 0..0
* provision.purpose 0..0
* provision.class 0..0
* provision.code 0..0
* provision.dataPeriod 0..0
* provision.data 0..0
* provision.provision 0..0
