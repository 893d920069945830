Profile: CoordinatedCarePlan
Parent: CarePlan
Id: CoordinatedCarePlan
Title: "Coordinated Care Plan"
Description: "A care plan for a person with a rare condition: a coordinated care plan, an emergency care plan, a transition plan (child to adult services) or an end-of-life plan. Has a period, an author, at least one care team and at least one condition it addresses; active plans carry a next review date; emergency plans say what to do in an emergency; activities are coded as components of coordinated care."
* ^status = #active
* ^experimental = false
* obeys concord-active-plan-review and concord-emergency-instructions
* extension contains NextReviewDate named nextReviewDate 0..1 MS
* extension[nextReviewDate] ^short = "When the plan is next reviewed (required when status is active)"
* status MS
* intent MS
* category 1..* MS
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category ^slicing.description = "The Concord plan type, plus any other categories"
* category contains planType 1..1 MS
// The slice is matched by the code system alone, so that a code that is not a Concord plan type is reported by
// the required binding (naming the code) rather than as a missing slice; other codings may sit beside it.
* category[planType] ^patternCodeableConcept.coding[0].system = $care-plan-type
* category[planType].coding ^slicing.discriminator.type = #value
* category[planType].coding ^slicing.discriminator.path = "system"
* category[planType].coding ^slicing.rules = #open
* category[planType].coding ^slicing.description = "Concord's plan type, plus any other codings"
* category[planType].coding contains planTypeCode 1..1 MS
* category[planType].coding[planTypeCode].system 1..1
* category[planType].coding[planTypeCode].system = $care-plan-type (exactly)
* category[planType].coding[planTypeCode].code 1..1
* category[planType].coding[planTypeCode] from CarePlanTypeVS (required)
* category[planType] ^short = "coordinated-care-plan | emergency-care-plan | transition-plan | end-of-life-plan"
* title MS
* description MS
* description ^short = "Summary of the plan; for an emergency care plan, what to do in an emergency"
* subject 1..1 MS
* subject only Reference(Patient)
* period 1..1 MS
* period.start 1..1 MS
* created MS
* author 1..1 MS
* author only Reference(Practitioner or PractitionerRole or Organization or Patient or RelatedPerson or CareTeam)
* contributor MS
* careTeam 1..* MS
* careTeam only Reference(CareTeam)
* addresses 1..* MS
* addresses only Reference(Condition)
* goal MS
* activity MS
* activity.detail MS
* activity.detail.code 1..1 MS
* activity.detail.code.coding ^slicing.discriminator.type = #value
* activity.detail.code.coding ^slicing.discriminator.path = "system"
* activity.detail.code.coding ^slicing.rules = #open
* activity.detail.code.coding ^slicing.description = "Concord's care coordination component, plus any other codings"
* activity.detail.code.coding contains component 1..1 MS
* activity.detail.code.coding[component].system 1..1
* activity.detail.code.coding[component].system = $care-coordination-component (exactly)
* activity.detail.code.coding[component].code 1..1
* activity.detail.code.coding[component] from CareCoordinationComponentVS (required)
* activity.detail.status MS
* activity.detail.description MS
* activity.detail.performer MS
* activity.detail.scheduled[x] MS
* note MS
