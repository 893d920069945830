Profile: CoordinatedCareTeam
Parent: CareTeam
Id: CoordinatedCareTeam
Title: "Coordinated Care Team"
Description: "Everyone involved in coordinating the care of a person with a rare condition, including the patient and family. Exactly one current participant has the care-coordinator role (the person who takes responsibility) unless the team is inactive. Each participant may say which components of care they are responsible for."
* ^status = #active
* ^experimental = false
* obeys concord-one-coordinator
* status 1..1 MS
* category MS
* name MS
* subject 1..1 MS
* subject only Reference(Patient)
* period MS
* participant 1..* MS
* participant.extension contains CareResponsibility named careResponsibility 0..* MS
* participant.role 1..* MS
// The Concord role is one coding, bound to Concord's roles; other codings (SNOMED CT, v3 RoleCode) may sit beside
// it. A required binding on the whole CodeableConcept would refuse those, because the other codings' code systems
// are not held here.
* participant.role.coding ^slicing.discriminator.type = #value
* participant.role.coding ^slicing.discriminator.path = "system"
* participant.role.coding ^slicing.rules = #open
* participant.role.coding ^slicing.description = "Concord's care team role, plus any other codings"
* participant.role.coding contains concordRole 1..1 MS
* participant.role.coding[concordRole].system 1..1
* participant.role.coding[concordRole].system = $care-team-role (exactly)
* participant.role.coding[concordRole].code 1..1
* participant.role.coding[concordRole] from CareTeamRoleVS (required)
* participant.member 1..1 MS
* participant.member only Reference(Practitioner or PractitionerRole or RelatedPerson or Patient or Organization)
* participant obeys concord-on-behalf-of-practitioner
* participant.onBehalfOf MS
* participant.onBehalfOf ^short = "The participant's organisation, identified by its ODS code"
* participant.onBehalfOf.identifier 1..1 MS
* participant.onBehalfOf.identifier.system 1..1
* participant.onBehalfOf.identifier.system = $ods (exactly)
* participant.onBehalfOf.identifier.value 1..1
* participant.onBehalfOf.identifier obeys concord-ods-code
* participant.period MS
* reasonCode MS
* reasonReference MS
* reasonReference only Reference(Condition)
* managingOrganization MS
* telecom MS
* note MS
