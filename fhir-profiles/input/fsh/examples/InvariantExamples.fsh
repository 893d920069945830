// Passing and failing examples for every invariant and for the other rules the counter-examples show.
//  * pass-* instances are valid and are published with the examples (ig/examples).
//  * fail-* instances each break exactly one rule; they are the counter-examples (ig/counter-examples) and must
//    never be loaded into a server. Those that break a cardinality or terminology rule are declared on the base
//    resource type with meta.profile set by hand, so that SUSHI itself does not reject them.
// The main records (DuchenneRecord.fsh, UndiagnosedRecord.fsh) are passing examples for every invariant too.

// ---------------------------------------------------------------- concord-nhs-number-check-digit
Instance: pass-patient-check-digit-zero
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Pass: NHS Number whose check digit is 0 (11 - remainder = 11)"
* identifier[nhsNumber].value = "9449310580"
* name.given = "Amelia"
* name.family = "Clarke"
* gender = #female
* birthDate = "2019-02-02"

Instance: fail-patient-nhs-check-digit
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Fail: NHS Number with a wrong check digit (9434765918; should end in 9)"
* identifier[nhsNumber].value = "9434765918"
* name.given = "Oliver"
* name.family = "Bennett"
* gender = #male
* birthDate = "2012-03-14"

Instance: fail-patient-nhs-check-digit-ten
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Fail: NHS Number whose check digit would be 10, so no valid number starts 900000005"
* identifier[nhsNumber].value = "9000000050"
* name.given = "Noah"
* name.family = "Price"
* gender = #male
* birthDate = "2001-01-01"

Instance: fail-patient-nhs-number-length
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Fail: NHS Number with 9 digits"
* identifier[nhsNumber].value = "943476591"
* name.given = "Oliver"
* name.family = "Bennett"
* gender = #male
* birthDate = "2012-03-14"

// ---------------------------------------------------------------- concord-nhs-number-or-reason
Instance: pass-patient-no-nhs-number
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Pass: newborn without an NHS Number, with the reason"
* extension[nhsNumberUnavailableReason].valueCodeableConcept = $nhs-number-unavailable-reason#newborn-not-yet-allocated "Newborn, NHS Number not yet allocated"
* identifier[healthPassportNumber].value = "CP-0000-3003"
* name.given = "Baby"
* name.family = "Lewis"
* gender = #female
* birthDate = "2025-11-20"

Instance: fail-patient-no-nhs-number-no-reason
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Fail: no NHS Number and no reason"
* identifier[healthPassportNumber].value = "CP-0000-3004"
* name.given = "Baby"
* name.family = "Lewis"
* gender = #female
* birthDate = "2025-11-20"

// ---------------------------------------------------------------- cardinality: name, gender, birthDate
Instance: fail-patient-no-birthdate
InstanceOf: Patient
Usage: #example
Title: "Fail: RareDiseasePatient without a birth date"
* meta.profile = Canonical(RareDiseasePatient)
* identifier.system = $nhs-number
* identifier.value = "9434765919"
* name.given = "Oliver"
* name.family = "Bennett"
* gender = #male

// ---------------------------------------------------------------- concord-orphacode
Instance: pass-condition-orphacode-http
InstanceOf: RareDiseaseCondition
Usage: #example
Title: "Pass: ORPHAcode with the older http://www.orpha.net system"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* code.coding[orphanetHttp] = $orpha-http#98896 "Duchenne muscular dystrophy"
* subject = Reference(dmd-child)

Instance: fail-condition-no-orphacode
InstanceOf: RareDiseaseCondition
Usage: #example
Title: "Fail: rare disease condition coded with SNOMED CT only"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* code.coding[snomedCT] = $sct#76670001 "Duchenne muscular dystrophy"
* subject = Reference(dmd-child)

// ---------------------------------------------------------------- concord-orphacode-format
Instance: fail-condition-orphacode-prefix
InstanceOf: RareDiseaseCondition
Usage: #example
Title: "Fail: ORPHAcode written with the ORPHA: prefix in the code"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* code.coding[orphanet] = $orpha#ORPHA:98896 "Duchenne muscular dystrophy"
* subject = Reference(dmd-child)

// ---------------------------------------------------------------- concord-one-coordinator
Instance: pass-care-team-coordinator-handover
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Pass: coordinator handover (the old coordinator's period has ended)"
* status = #active
* subject = Reference(dmd-child)
* participant[0].role = $care-team-role#care-coordinator
* participant[0].member = Reference(pract-neurologist)
* participant[0].period.start = "2016-06-01"
* participant[0].period.end = "2019-08-31"
* participant[1].role = $care-team-role#care-coordinator
* participant[1].member = Reference(pract-nurse-specialist)
* participant[1].period.start = "2019-09-01"

Instance: pass-care-team-inactive
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Pass: an inactive team needs no current coordinator"
* status = #inactive
* subject = Reference(dmd-child)
* participant.role = $care-team-role#lead-consultant
* participant.member = Reference(pract-neurologist)

Instance: fail-care-team-two-coordinators
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Fail: two current care coordinators"
* status = #active
* subject = Reference(dmd-child)
* participant[0].role = $care-team-role#care-coordinator
* participant[0].member = Reference(pract-nurse-specialist)
* participant[1].role = $care-team-role#care-coordinator
* participant[1].member = Reference(pract-neurologist)

Instance: fail-care-team-no-current-coordinator
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Fail: active team whose only coordinator's period has ended"
* status = #active
* subject = Reference(dmd-child)
* participant[0].role = $care-team-role#care-coordinator
* participant[0].member = Reference(pract-neurologist)
* participant[0].period.start = "2016-06-01"
* participant[0].period.end = "2019-08-31"
* participant[1].role = $care-team-role#lead-consultant
* participant[1].member = Reference(pract-neurologist)

// ---------------------------------------------------------------- concord-on-behalf-of-practitioner
Instance: pass-care-team-carer-without-organisation
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Pass: a practitioner on behalf of their trust, and a parent who acts for no organisation"
* status = #active
* subject = Reference(dmd-child)
* participant[0].role = $care-team-role#care-coordinator
* participant[0].member = Reference(pract-nurse-specialist)
* participant[0].onBehalfOf.identifier.system = $ods
* participant[0].onBehalfOf.identifier.value = "RP4"
* participant[1].role = $care-team-role#parent-or-carer
* participant[1].member = Reference(dmd-mother)

Instance: fail-care-team-carer-on-behalf-of-organisation
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Fail: a parent (RelatedPerson) said to act on behalf of an organisation"
* status = #active
* subject = Reference(dmd-child)
* participant[0].role = $care-team-role#care-coordinator
* participant[0].member = Reference(pract-nurse-specialist)
* participant[1].role = $care-team-role#parent-or-carer
* participant[1].member = Reference(dmd-mother)
* participant[1].onBehalfOf.identifier.system = $ods
* participant[1].onBehalfOf.identifier.value = "RP4"

// ---------------------------------------------------------------- terminology: unknown Concord code
Instance: fail-care-team-unknown-role
InstanceOf: CareTeam
Usage: #example
Title: "Fail: a role code that is not in Concord's care-team-role code system"
* meta.profile = Canonical(CoordinatedCareTeam)
* status = #active
* subject = Reference(dmd-child)
* participant[0].role = $care-team-role#care-coordinator
* participant[0].member = Reference(pract-nurse-specialist)
// system and code are assigned separately so that SUSHI does not reject the unknown code
* participant[1].role.coding.system = $care-team-role
* participant[1].role.coding.code = #head-of-everything
* participant[1].member = Reference(pract-neurologist)

// ---------------------------------------------------------------- concord-active-plan-review
Instance: pass-care-plan-draft-no-review
InstanceOf: CoordinatedCarePlan
Usage: #example
Title: "Pass: a draft plan needs no next review date yet"
* status = #draft
* intent = #plan
* category[planType] = $care-plan-type#end-of-life-plan
* subject = Reference(dmd-child)
* period.start = "2025-11-01"
* author = Reference(pract-neurologist)
* careTeam = Reference(dmd-care-team)
* addresses = Reference(dmd-condition)

Instance: fail-care-plan-active-no-review
InstanceOf: CoordinatedCarePlan
Usage: #example
Title: "Fail: active plan without a next review date"
* status = #active
* intent = #plan
* category[planType] = $care-plan-type#coordinated-care-plan
* subject = Reference(dmd-child)
* period.start = "2025-03-01"
* author = Reference(pract-nurse-specialist)
* careTeam = Reference(dmd-care-team)
* addresses = Reference(dmd-condition)

// ---------------------------------------------------------------- concord-emergency-instructions
Instance: fail-care-plan-emergency-no-instructions
InstanceOf: CoordinatedCarePlan
Usage: #example
Title: "Fail: emergency care plan that does not say what to do"
* extension[nextReviewDate].valueDate = "2026-03-01"
* status = #active
* intent = #plan
* category[planType] = $care-plan-type#emergency-care-plan
* title = "Emergency care plan"
* subject = Reference(dmd-child)
* period.start = "2025-03-01"
* author = Reference(pract-neurologist)
* careTeam = Reference(dmd-care-team)
* addresses = Reference(dmd-condition)

// ---------------------------------------------------------------- cardinality: careTeam 1..*
Instance: fail-care-plan-no-care-team
InstanceOf: CarePlan
Usage: #example
Title: "Fail: care plan without a care team"
* meta.profile = Canonical(CoordinatedCarePlan)
* extension[0].url = $next-review-date
* extension[0].valueDate = "2026-03-01"
* status = #active
* intent = #plan
* category = $care-plan-type#coordinated-care-plan
* subject = Reference(dmd-child)
* period.start = "2025-03-01"
* author = Reference(pract-nurse-specialist)
* addresses = Reference(dmd-condition)

// ---------------------------------------------------------------- terminology: unknown plan type
Instance: fail-care-plan-unknown-type
InstanceOf: CarePlan
Usage: #example
Title: "Fail: a plan type code that is not in Concord's care-plan-type code system"
* meta.profile = Canonical(CoordinatedCarePlan)
* extension[0].url = $next-review-date
* extension[0].valueDate = "2026-03-01"
* status = #active
* intent = #plan
* category.coding.system = $care-plan-type
* category.coding.code = #holiday-plan
* subject = Reference(dmd-child)
* period.start = "2025-03-01"
* author = Reference(pract-nurse-specialist)
* careTeam = Reference(dmd-care-team)
* addresses = Reference(dmd-condition)

// ---------------------------------------------------------------- concord-attachment-data-or-url
Instance: fail-document-no-data-or-url
InstanceOf: SharedCareDocument
Usage: #example
Title: "Fail: document attachment with neither data nor url"
* status = #current
* type = $loinc#11488-4 "Consult note"
* subject = Reference(dmd-child)
* date = "2025-10-02T14:30:00+01:00"
* author = Reference(org-gosh)
* content.attachment.contentType = #application/pdf
* content.attachment.title = "Clinic letter"

// ---------------------------------------------------------------- concord-orphacode on the alert
Instance: fail-alert-no-orphacode
InstanceOf: RareDiseaseAlert
Usage: #example
Title: "Fail: alert without an ORPHAcode"
* status = #active
* code.text = "Has a rare muscle condition"
* subject = Reference(dmd-child)

// ---------------------------------------------------------------- a declared profile the server does not hold
Instance: pass-patient-uk-core-profile
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Pass: a patient as an NHS system sends it, also declaring UK Core Patient (not held: a warning, not an error)"
* meta.profile[+] = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"
* identifier[nhsNumber].value = "9000000009"
* name.given = "Ruby"
* name.family = "Khan"
* gender = #female
* birthDate = "2014-07-21"

// ---------------------------------------------------------------- other codings beside Concord's code
Instance: pass-care-team-role-other-codings
InstanceOf: CareTeam
Usage: #example
Title: "Pass: roles that carry a SNOMED CT or v3 RoleCode coding beside Concord's code"
// Declared on the base type (profile set by hand) so that the codings can be listed in the order a sender uses.
* meta.profile = Canonical(CoordinatedCareTeam)
* status = #active
* subject = Reference(dmd-child)
* participant[0].role.coding[0] = $care-team-role#care-coordinator "Care coordinator"
* participant[0].role.coding[1] = $sct#768820003 "Care coordinator"
* participant[0].member = Reference(pract-nurse-specialist)
* participant[1].role.coding[0] = $care-team-role#parent-or-carer "Parent or carer"
* participant[1].role.coding[1] = $v3-RoleCode#MTH "mother"
* participant[1].member = Reference(dmd-mother)

// ---------------------------------------------------------------- concord-clinical-status
Instance: pass-condition-entered-in-error
InstanceOf: RareDiseaseCondition
Usage: #example
Title: "Pass: a rare condition entered in error has no clinicalStatus (base R4 con-5)"
* verificationStatus = $condition-ver-status#entered-in-error
* code.coding[orphanet] = $orpha#98896 "Duchenne muscular dystrophy"
* subject = Reference(dmd-child)

Instance: fail-condition-no-clinical-status
InstanceOf: RareDiseaseCondition
Usage: #example
Title: "Fail: a confirmed rare condition without a clinicalStatus"
* verificationStatus = $condition-ver-status#confirmed
* code.coding[orphanet] = $orpha#98896 "Duchenne muscular dystrophy"
* subject = Reference(dmd-child)

// ---------------------------------------------------------------- concord-one-coordinator: current at day precision
Instance: pass-care-team-planned-handover
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Pass: a planned handover (one coordinator ends on a date, the next starts the day after)"
* status = #active
* subject = Reference(dmd-child)
* participant[0].role = $care-team-role#care-coordinator
* participant[0].member = Reference(pract-nurse-specialist)
* participant[0].period.start = "2019-09-01"
* participant[0].period.end = "2030-03-31"
* participant[1].role = $care-team-role#care-coordinator
* participant[1].member = Reference(pract-admin-coordinator)
* participant[1].period.start = "2030-04-01"

Instance: fail-care-team-coordinator-not-started
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Fail: active team whose only coordinator has not started yet"
* status = #active
* subject = Reference(dmd-child)
* participant[0].role = $care-team-role#care-coordinator
* participant[0].member = Reference(pract-nurse-specialist)
* participant[0].period.start = "2100-01-01"

// ---------------------------------------------------------------- reference target types
Instance: fail-alert-plan-link-to-condition
InstanceOf: Flag
Usage: #example
Title: "Fail: an alert whose emergency care plan link points at a Condition"
* meta.profile = Canonical(RareDiseaseAlert)
* extension[0].url = $emergency-care-plan
* extension[0].valueReference = Reference(dmd-condition)
* status = #active
* code = $orpha#98896 "Duchenne muscular dystrophy"
* subject = Reference(dmd-child)

Instance: fail-patient-gp-practitioner
InstanceOf: Patient
Usage: #example
Title: "Fail: a patient whose GP is a Practitioner (it must be the GP practice, an Organization)"
* meta.profile = Canonical(RareDiseasePatient)
* identifier.system = $nhs-number
* identifier.value = "9434765919"
* name.given = "Oliver"
* name.family = "Bennett"
* gender = #male
* birthDate = "2012-03-14"
* generalPractitioner = Reference(pract-gp-moorside)

Instance: fail-care-plan-device-author
InstanceOf: CarePlan
Usage: #example
Title: "Fail: a plan authored by a Device"
* meta.profile = Canonical(CoordinatedCarePlan)
* status = #draft
* intent = #plan
* category = $care-plan-type#coordinated-care-plan
* subject = Reference(dmd-child)
* period.start = "2025-03-01"
* author.reference = "Device/no-such-device"
* careTeam = Reference(dmd-care-team)
* addresses = Reference(dmd-condition)

Instance: fail-document-patient-author
InstanceOf: DocumentReference
Usage: #example
Title: "Fail: a shared care document authored by the patient"
* meta.profile = Canonical(SharedCareDocument)
* status = #current
* type = $loinc#11488-4 "Consult note"
* subject = Reference(dmd-child)
* date = "2025-10-02T14:30:00+01:00"
* author = Reference(dmd-child)
* content.attachment.contentType = #text/plain
* content.attachment.url = "https://documents.example.nhs.uk/gosh/letter-0001.txt"

// ---------------------------------------------------------------- concord-ods-code
Instance: fail-patient-gp-ods-code
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Fail: a GP practice identified by something that is not an ODS code"
* identifier[nhsNumber].value = "9434765919"
* name.given = "Oliver"
* name.family = "Bennett"
* gender = #male
* birthDate = "2012-03-14"
* generalPractitioner.identifier.system = $ods
* generalPractitioner.identifier.value = "not an ODS code!"

// ---------------------------------------------------------------- concord-mime-type
Instance: pass-document-content-type-parameters
InstanceOf: SharedCareDocument
Usage: #example
Title: "Pass: a contentType with a parameter (text/plain; charset=UTF-8)"
* status = #current
* type = $loinc#11488-4 "Consult note"
* subject = Reference(dmd-child)
* date = "2025-10-02T14:30:00+01:00"
* author = Reference(org-gosh)
* content.attachment.contentType = #"text/plain; charset=UTF-8"
* content.attachment.url = "https://documents.example.nhs.uk/gosh/letter-0001.txt"

Instance: fail-document-content-type
InstanceOf: SharedCareDocument
Usage: #example
Title: "Fail: a contentType that is not a MIME type"
* status = #current
* type = $loinc#11488-4 "Consult note"
* subject = Reference(dmd-child)
* date = "2025-10-02T14:30:00+01:00"
* author = Reference(org-gosh)
* content.attachment.contentType = #"clinic letter"
* content.attachment.url = "https://documents.example.nhs.uk/gosh/letter-0001.txt"

Instance: fail-organization-ods-code
InstanceOf: CareOrganization
Usage: #example
Title: "Fail: an organisation whose ODS code is not an ODS code"
* identifier[odsOrganisationCode].value = "not an ODS code!"
* name = "Nowhere Surgery"
