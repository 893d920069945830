Extension: NextReviewDate
Id: next-review-date
Title: "Next review date"
Description: "The date by which the care plan must next be reviewed with the patient and family. Required on every active CoordinatedCarePlan, so that no plan is left without a review."
* ^status = #active
* ^experimental = false
* ^context[0].type = #element
* ^context[0].expression = "CarePlan"
* value[x] only date
* value[x] 1..1
