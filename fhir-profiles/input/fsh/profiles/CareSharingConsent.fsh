Profile: CareSharingConsent
Parent: Consent
Id: CareSharingConsent
Title: "Care Sharing Consent"
Description: "The patient's (or parent's) decision to permit or deny sharing of their coordinated care record with organisations. The base provision says permit or deny; nested provisions name organisations (by ODS code) that are the exceptions."
* ^status = #active
* ^experimental = false
* status MS
* scope MS
* scope = $consentscope#patient-privacy
* category 1..* MS
* patient 1..1 MS
* patient only Reference(Patient)
* dateTime 1..1 MS
* performer MS
* organization MS
* source[x] MS
* policy MS
* policyRule MS
* provision 1..1 MS
* provision.type 1..1 MS
* provision.period MS
* provision.actor MS
* provision.actor.reference only Reference(Organization or CareTeam or Practitioner or PractitionerRole)
* provision.actor.reference.identifier obeys concord-ods-code
* provision.provision MS
* provision.provision.type 1..1 MS
* provision.provision.actor 1..* MS
* provision.provision.actor.reference.identifier obeys concord-ods-code
