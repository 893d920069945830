Extension: AgeAtDiagnosis
Id: age-at-diagnosis
Title: "Age at diagnosis"
Description: "The patient's age when the rare condition was diagnosed (or, for an undiagnosed condition, when full investigation concluded without a diagnosis)."
* ^status = #active
* ^experimental = false
* ^context[0].type = #element
* ^context[0].expression = "Condition"
* value[x] only Age
* value[x] 1..1
* valueAge.system = $ucum (exactly)
* valueAge.code 1..1
