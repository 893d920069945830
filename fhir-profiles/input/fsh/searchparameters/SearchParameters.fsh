// Search parameters R4 lacks. Expressions are kept to where/exists/member paths so that HAPI's JPA indexer
// (FHIRPath) can index them.

Instance: CareTeam-coordinator
InstanceOf: SearchParameter
Usage: #definition
Title: "CareTeam coordinator"
* url = "https://fhir.concord.org.uk/SearchParameter/CareTeam-coordinator"
* version = "0.1.0"
* name = "coordinator"
* status = #active
* experimental = false
* publisher = "Concord"
* description = "The care team member who has the care-coordinator role (Concord care-team-role code care-coordinator). Use with _include=CareTeam:coordinator to get the coordinator, or chain: coordinator:Practitioner.name=..."
* code = #coordinator
* base = #CareTeam
* type = #reference
* expression = "CareTeam.participant.where(role.coding.where(system='https://fhir.concord.org.uk/CodeSystem/care-team-role' and code='care-coordinator').exists()).member"
* xpathUsage = #normal
* target[0] = #Practitioner
* target[+] = #PractitionerRole
* target[+] = #RelatedPerson
* target[+] = #Patient
* target[+] = #Organization

Instance: CareTeam-participant-organization
InstanceOf: SearchParameter
Usage: #definition
Title: "CareTeam participant organisation (ODS code)"
* url = "https://fhir.concord.org.uk/SearchParameter/CareTeam-participant-organization"
* version = "0.1.0"
* name = "participant-organization"
* status = #active
* experimental = false
* publisher = "Concord"
* description = "The ODS code of an organisation on whose behalf a participant takes part (participant.onBehalfOf.identifier), e.g. participant-organization=https://fhir.nhs.uk/Id/ods-organization-code|A81001: all care teams a GP practice takes part in."
* code = #participant-organization
* base = #CareTeam
* type = #token
* expression = "CareTeam.participant.onBehalfOf.identifier"
* xpathUsage = #normal

Instance: CareTeam-role
InstanceOf: SearchParameter
Usage: #definition
Title: "CareTeam participant role"
* url = "https://fhir.concord.org.uk/SearchParameter/CareTeam-role"
* version = "0.1.0"
* name = "role"
* status = #active
* experimental = false
* publisher = "Concord"
* description = "A role held by any participant of the care team, e.g. role=https://fhir.concord.org.uk/CodeSystem/care-team-role|clinical-nurse-specialist."
* code = #role
* base = #CareTeam
* type = #token
* expression = "CareTeam.participant.role"
* xpathUsage = #normal

Instance: CarePlan-next-review
InstanceOf: SearchParameter
Usage: #definition
Title: "CarePlan next review date"
* url = "https://fhir.concord.org.uk/SearchParameter/CarePlan-next-review"
* version = "0.1.0"
* name = "next-review"
* status = #active
* experimental = false
* publisher = "Concord"
* description = "The plan's next review date (extension next-review-date), e.g. next-review=le2026-01-31 for plans whose review is due by the end of January 2026."
* code = #next-review
* base = #CarePlan
* type = #date
* expression = "CarePlan.extension.where(url='https://fhir.concord.org.uk/StructureDefinition/next-review-date').value"
* xpathUsage = #normal

Instance: Consent-provision-organization
InstanceOf: SearchParameter
Usage: #definition
Title: "Consent provision organisation (ODS code)"
* url = "https://fhir.concord.org.uk/SearchParameter/Consent-provision-organization"
* version = "0.1.0"
* name = "provision-organization"
* status = #active
* experimental = false
* publisher = "Concord"
* description = "The ODS code of an organisation named in the consent's provision or nested provisions (provision.actor.reference.identifier), e.g. to find consents that deny sharing with one organisation."
* code = #provision-organization
* base = #Consent
* type = #token
* expression = "Consent.provision.actor.reference.identifier | Consent.provision.provision.actor.reference.identifier"
* xpathUsage = #normal
