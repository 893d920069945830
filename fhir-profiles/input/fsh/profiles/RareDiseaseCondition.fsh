Profile: RareDiseaseCondition
Parent: Condition
Id: RareDiseaseCondition
Title: "Rare Disease Condition"
Description: "A rare condition, or the state of being undiagnosed after full investigation (ORPHA 616874). Must carry at least one ORPHAcode, may add SNOMED CT, ICD-10, ICD-11 and OMIM codings, and records phenotype evidence with HPO, onset and age at diagnosis."
* ^status = #active
* ^experimental = false
* extension contains AgeAtDiagnosis named ageAtDiagnosis 0..1 MS
* obeys concord-clinical-status
* clinicalStatus MS
* clinicalStatus ^short = "Required unless verificationStatus is entered-in-error (concord-clinical-status)"
* verificationStatus 1..1 MS
* category MS
* severity MS
* code 1..1 MS
* code from RareDiseaseConditionCodeVS (extensible)
* code obeys concord-orphacode and concord-orphacode-format
* code.coding 1..* MS
* code.coding ^slicing.discriminator.type = #value
* code.coding ^slicing.discriminator.path = "system"
* code.coding ^slicing.rules = #open
* code.coding ^slicing.description = "Sliced by code system. At least one ORPHAcode is required (invariant concord-orphacode)."
* code.coding contains
    orphanet 0..* MS and
    orphanetHttp 0..* and
    snomedCT 0..* MS and
    icd10 0..* MS and
    icd11 0..* and
    omim 0..*
* code.coding[orphanet] ^short = "ORPHAcode, number only (e.g. 98896)"
* code.coding[orphanet].system 1..1
* code.coding[orphanet].system = $orpha (exactly)
* code.coding[orphanet].code 1..1
* code.coding[orphanetHttp] ^short = "ORPHAcode with the older http://www.orpha.net system (accepted on input)"
* code.coding[orphanetHttp].system 1..1
* code.coding[orphanetHttp].system = $orpha-http (exactly)
* code.coding[orphanetHttp].code 1..1
* code.coding[snomedCT].system 1..1
* code.coding[snomedCT].system = $sct (exactly)
* code.coding[snomedCT].code 1..1
* code.coding[icd10].system 1..1
* code.coding[icd10].system = $icd10 (exactly)
* code.coding[icd10].code 1..1
* code.coding[icd11].system 1..1
* code.coding[icd11].system = $icd11 (exactly)
* code.coding[icd11].code 1..1
* code.coding[omim].system 1..1
* code.coding[omim].system = $omim (exactly)
* code.coding[omim].code 1..1
* subject 1..1 MS
* subject only Reference(Patient)
* onset[x] MS
* recordedDate MS
* recorder MS
* evidence MS
* evidence.code MS
* evidence.code from PhenotypeCodeVS (preferred)
* evidence.code ^short = "Phenotypic feature, coded with HPO"
* note MS
