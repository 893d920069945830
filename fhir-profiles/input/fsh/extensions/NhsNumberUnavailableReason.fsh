Extension: NhsNumberUnavailableReason
Id: nhs-number-unavailable-reason
Title: "NHS number unavailable reason"
Description: "Why the patient has no NHS Number. Required on a RareDiseasePatient that has no NHS Number identifier."
* ^status = #active
* ^experimental = false
* ^context[0].type = #element
* ^context[0].expression = "Patient"
* value[x] only CodeableConcept
* value[x] 1..1
* value[x] from NhsNumberUnavailableReasonVS (required)
