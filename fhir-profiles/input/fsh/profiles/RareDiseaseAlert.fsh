Profile: RareDiseaseAlert
Parent: Flag
Id: RareDiseaseAlert
Title: "Rare Disease Alert"
Description: "What an emergency clinician must see first: the patient has a rare condition (with its ORPHAcode), what it means in an emergency, and a link to the emergency care plan."
* ^status = #active
* ^experimental = false
* extension contains
    EmergencyCarePlanReference named emergencyCarePlan 0..1 MS and
    $flag-detail named condition 0..* MS
* extension[emergencyCarePlan] ^short = "The patient's emergency care plan"
* extension[condition] ^short = "The RareDiseaseCondition this alert is about"
* status MS
* category MS
* code 1..1 MS
* code from RareDiseaseConditionCodeVS (extensible)
* code obeys concord-orphacode and concord-orphacode-format
* code.text MS
* code.text ^short = "What the emergency clinician must know, in words"
* subject 1..1 MS
* subject only Reference(Patient)
* period MS
* author MS
