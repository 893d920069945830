// The Bennett family: Oliver (dmd-child, under 16) and his brother James (17), who has the same condition. The
// family Group links them; each keeps his own record. James's father Mark is his carer, and James, being over 16,
// has confirmed that Mark may keep using his record (CarerAccessConsent). Oliver's mother needs no confirmation yet.
// Each record lists its own family contacts (RelatedPerson): Oliver's lists his mother and his brother.

Instance: dmd-sibling
InstanceOf: RareDiseasePatient
Usage: #example
Title: "James Bennett, 17, Oliver's brother, Duchenne muscular dystrophy"
* identifier[nhsNumber].value = "9434765927"
* active = true
* name.use = #official
* name.given = "James"
* name.family = "Bennett"
* gender = #male
* birthDate = "2009-06-02"
* address.line = "12 Elm Road"
* address.city = "London"
* address.postalCode = "N1 9ZZ"
* generalPractitioner.reference = "Organization/org-gp-riverside"
* generalPractitioner.identifier.system = $ods
* generalPractitioner.identifier.value = "Y90001"
* generalPractitioner.display = "Riverside Medical Centre"

Instance: dmd-sibling-condition
InstanceOf: RareDiseaseCondition
Usage: #example
Title: "James's Duchenne muscular dystrophy"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* category = $condition-category#problem-list-item
* code.coding[orphanet] = $orpha#98896 "Duchenne muscular dystrophy"
* code.text = "Duchenne muscular dystrophy"
* subject = Reference(dmd-sibling)
* recordedDate = "2013-09-20"
* note.text = "Same dystrophin gene deletion as his brother Oliver (exons 45-50)."

Instance: dmd-sibling-father
InstanceOf: RelatedPerson
Usage: #example
Title: "Mark Bennett, James's father and carer"
* patient = Reference(dmd-sibling)
* active = true
* relationship = $v3-RoleCode#FTH "father"
* name.given = "Mark"
* name.family = "Bennett"
* telecom.system = #phone
* telecom.value = "07700 900456"

Instance: dmd-child-brother
InstanceOf: RelatedPerson
Usage: #example
Title: "James Bennett, Oliver's brother: a family contact in Oliver's record (not a carer, no access)"
* patient = Reference(dmd-child)
* active = true
* relationship = $v3-RoleCode#BRO "brother"
* name.given = "James"
* name.family = "Bennett"
* telecom.system = #phone
* telecom.value = "07700 900789"

Instance: dmd-sibling-carer-consent
InstanceOf: CarerAccessConsent
Usage: #example
Title: "James, at 16, confirms his father may keep using his record"
* meta.profile = "https://fhir.concord.org.uk/StructureDefinition/CarerAccessConsent"
* status = #active
* scope = $consentscope#patient-privacy
* category = $consent-category#carer-access "Carer access confirmed by the patient"
* patient = Reference(dmd-sibling)
* dateTime = "2025-06-02T09:00:00Z"
* performer = Reference(dmd-sibling)
* policy.uri = "https://fhir.concord.org.uk/policy/carer-access"
* provision.type = #permit
* provision.period.start = "2025-06-02"
* provision.actor.role = http://terminology.hl7.org/CodeSystem/v3-RoleClass#AGNT "agent"
* provision.actor.reference = Reference(dmd-sibling-father)

Instance: dmd-family
InstanceOf: Group
Usage: #example
Title: "The Bennett family: brothers with Duchenne muscular dystrophy"
* type = #person
* actual = true
* code = $v3-RoleCode#FAMMEMB "family member"
* name = "Bennett family (Duchenne muscular dystrophy)"
* member[0].entity = Reference(dmd-child)
* member[1].entity = Reference(dmd-sibling)
