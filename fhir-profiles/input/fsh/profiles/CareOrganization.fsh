Profile: CareOrganization
Parent: Organization
Id: CareOrganization
Title: "Care Organization"
Description: "An organisation that takes part in a rare-condition patient's care: a hospital trust, a GP practice, a school or a patient charity. Restates the UK Core Organization ODS code slice (odsOrganisationCode), and checks that an ODS code has the form of one."
* ^status = #active
* ^experimental = false
* identifier MS
* identifier obeys concord-ods-code
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Sliced by system, as UK Core: the ODS organisation code, and any other identifiers"
* identifier contains odsOrganisationCode 0..1 MS
* identifier[odsOrganisationCode] ^short = "The organisation's ODS code (e.g. RP4, A81001)"
* identifier[odsOrganisationCode].system 1..1 MS
* identifier[odsOrganisationCode].system = $ods (exactly)
* identifier[odsOrganisationCode].value 1..1 MS
* active MS
* name MS
* telecom MS
* address MS
