Extension: EmergencyCarePlanReference
Id: emergency-care-plan
Title: "Emergency care plan"
Description: "Link from an alert to the patient's emergency care plan, so that an emergency clinician can open it at once."
* ^status = #active
* ^experimental = false
* ^context[0].type = #element
* ^context[0].expression = "Flag"
* value[x] only Reference(CarePlan)
* value[x] 1..1
