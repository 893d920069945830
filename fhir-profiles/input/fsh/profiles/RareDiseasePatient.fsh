Profile: RareDiseasePatient
Parent: Patient
Id: RareDiseasePatient
Title: "Rare Disease Patient"
Description: "A person with a rare or undiagnosed condition whose care is coordinated through Concord. Restates the UK Core Patient constraints Concord relies on (NHS Number slice, mustSupport), requires name, birth date and gender, checks the NHS Number's Modulus 11 check digit, requires a reason when there is no NHS Number, and adds identifier slices for rare-disease registries and passports."
* ^status = #active
* ^experimental = false
* obeys concord-nhs-number-or-reason
* extension contains NhsNumberUnavailableReason named nhsNumberUnavailableReason 0..1 MS
* identifier MS
* identifier obeys concord-nhs-number-check-digit
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Sliced by system: the NHS Number, and identifiers from rare-disease registries and passports"
* identifier contains
    nhsNumber 0..1 MS and
    ncardrsId 0..1 MS and
    genomicParticipantId 0..1 MS and
    ernPatientId 0..* MS and
    healthPassportNumber 0..1 MS
* identifier[nhsNumber] ^short = "The patient's NHS Number (10 digits, Modulus 11 check digit)"
* identifier[nhsNumber].system 1..1 MS
* identifier[nhsNumber].system = $nhs-number (exactly)
* identifier[nhsNumber].value 1..1 MS
* identifier[nhsNumber].value ^short = "10 digits, no spaces"
* identifier[ncardrsId] ^short = "National Congenital Anomaly and Rare Disease Registration Service (NCARDRS) registration id"
* identifier[ncardrsId].system 1..1
* identifier[ncardrsId].system = $ncardrs-id (exactly)
* identifier[ncardrsId].value 1..1
* identifier[genomicParticipantId] ^short = "Genomic medicine service (whole genome sequencing) participant id"
* identifier[genomicParticipantId].system 1..1
* identifier[genomicParticipantId].system = $genomic-participant-id (exactly)
* identifier[genomicParticipantId].value 1..1
* identifier[ernPatientId] ^short = "European Reference Network (CPMS) patient id"
* identifier[ernPatientId].system 1..1
* identifier[ernPatientId].system = $ern-patient-id (exactly)
* identifier[ernPatientId].value 1..1
* identifier[healthPassportNumber] ^short = "Concord rare-condition health passport (card or pendant) number"
* identifier[healthPassportNumber].system 1..1
* identifier[healthPassportNumber].system = $health-passport (exactly)
* identifier[healthPassportNumber].value 1..1
* active MS
* name 1..* MS
* name.family MS
* name.given MS
* telecom MS
* telecom.system MS
* telecom.value MS
* gender 1..1 MS
* birthDate 1..1 MS
* address MS
* address.line MS
* address.city MS
* address.postalCode MS
* contact MS
* generalPractitioner MS
* generalPractitioner only Reference(Organization)
* generalPractitioner ^short = "The GP practice, identified by its ODS code"
* generalPractitioner.identifier MS
* generalPractitioner.identifier.system = $ods (exactly)
* generalPractitioner.identifier obeys concord-ods-code
* managingOrganization MS
