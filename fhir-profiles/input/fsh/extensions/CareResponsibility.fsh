Extension: CareResponsibility
Id: care-responsibility
Title: "Care responsibility"
Description: "A part of the patient's care that this care team participant is responsible for, coded as a component of coordinated care (for example the school liaison, genetic testing, or the coordination itself). Repeat for each responsibility."
* ^status = #active
* ^experimental = false
* ^context[0].type = #element
* ^context[0].expression = "CareTeam.participant"
* value[x] only CodeableConcept
* value[x] 1..1
* value[x] from CareCoordinationComponentVS (required)
