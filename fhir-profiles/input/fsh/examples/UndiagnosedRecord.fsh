// Complete record 2: Rachel, 34, with a rare disorder without a determined diagnosis after full investigation
// (ORPHA 616874, "syndrome without a name"). She coordinates her own care, with an administrative coordinator.

Instance: swan-adult
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Rachel Ahmed, 34, undiagnosed rare disorder"
* identifier[nhsNumber].value = "9449305552"
* identifier[genomicParticipantId].value = "p998877665"
* identifier[healthPassportNumber].value = "CP-0000-2002"
* active = true
* name.use = #official
* name.given = "Rachel"
* name.family = "Ahmed"
* gender = #female
* birthDate = "1991-07-22"
* address.line = "4 Mill Lane"
* address.city = "Leeds"
* address.postalCode = "LS6 9ZZ"
* telecom[0].system = #phone
* telecom[0].value = "07700 900456"
* telecom[1].system = #email
* telecom[1].value = "rachel.ahmed@example.com"
* generalPractitioner.reference = "Organization/org-gp-moorside"
* generalPractitioner.identifier.system = $ods
* generalPractitioner.identifier.value = "Y90002"
* generalPractitioner.display = "Moorside Surgery"

Instance: swan-condition
InstanceOf: RareDiseaseCondition
Usage: #example
Title: "Rare disorder without a determined diagnosis after full investigation"
* extension[ageAtDiagnosis].valueAge = 33 'a' "years"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* category = $condition-category#problem-list-item
* code.coding[orphanet] = $orpha#616874 "Rare disorder without a determined diagnosis after full investigation"
* code.text = "Undiagnosed rare disorder (syndrome without a name) after whole genome sequencing"
* subject = Reference(swan-adult)
* onsetAge = 19 'a' "years"
* recordedDate = "2024-11-05"
* recorder = Reference(pract-geneticist)
* evidence[0].code = $hpo#HP:0001251 "Ataxia"
* evidence[1].code = $hpo#HP:0000365 "Hearing impairment"
* evidence[2].code = $hpo#HP:0001250 "Seizure"
* note.text = "Whole genome sequencing (2024) non-diagnostic; reanalysis requested for 2026."

Instance: swan-care-team
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Rachel's care team (Rachel coordinates her own care)"
* status = #active
* name = "Rachel Ahmed - rare disease care team"
* subject = Reference(swan-adult)
* period.start = "2024-11-05"
* reasonReference = Reference(swan-condition)
* managingOrganization = Reference(org-leeds)
* telecom.system = #phone
* telecom.value = "0113 243 0001"
// Rachel is her own care coordinator, supported by an administrative coordinator
* participant[0].role = $care-team-role#care-coordinator "Care coordinator"
* participant[0].member = Reference(swan-adult) "Rachel Ahmed"
* participant[0].period.start = "2024-11-05"
* participant[0].extension[careResponsibility].valueCodeableConcept = $care-coordination-component#patient-or-carer-coordinating-own-care
* participant[1].role = $care-team-role#administrative-coordinator "Administrative coordinator"
* participant[1].member = Reference(pract-admin-coordinator) "Lee Morgan"
* participant[1].onBehalfOf.identifier.system = $ods
* participant[1].onBehalfOf.identifier.value = "RR8"
* participant[1].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#administrative-coordinator
* participant[1].extension[careResponsibility][1].valueCodeableConcept = $care-coordination-component#reminders
* participant[2].role = $care-team-role#lead-consultant "Lead consultant"
* participant[2].member = Reference(pract-geneticist) "Dr Priya Shah"
* participant[2].onBehalfOf.identifier.system = $ods
* participant[2].onBehalfOf.identifier.value = "RR8"
* participant[2].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#genetic-testing-and-genomic-medicine
* participant[2].extension[careResponsibility][1].valueCodeableConcept = $care-coordination-component#counselling
* participant[3].role = $care-team-role#general-practitioner "General practitioner"
* participant[3].member = Reference(pract-gp-moorside) "Dr Ian Clarke"
* participant[3].onBehalfOf.identifier.system = $ods
* participant[3].onBehalfOf.identifier.value = "Y90002"
* participant[3].extension[careResponsibility].valueCodeableConcept = $care-coordination-component#follow-up-care
* participant[4].role = $care-team-role#patient-organisation-support "Patient organisation or charity support"
* participant[4].member = Reference(org-swan-support)
* participant[4].extension[careResponsibility].valueCodeableConcept = $care-coordination-component#social-support

Instance: swan-goal
InstanceOf: Goal
Usage: #example
Title: "Fewer separate hospital trips"
* lifecycleStatus = #active
* description.text = "See neurology, audiology and genetics on the same day where possible; no more than four hospital trips a year."
* subject = Reference(swan-adult)
* addresses = Reference(swan-condition)

Instance: swan-care-plan
InstanceOf: CoordinatedCarePlan
Usage: #example
Title: "Rachel's coordinated care plan"
* extension[nextReviewDate].valueDate = "2026-05-01"
* status = #active
* intent = #plan
* category[planType] = $care-plan-type#coordinated-care-plan "Coordinated care plan"
* title = "Coordinated care plan - undiagnosed rare disorder"
* description = "Rachel coordinates her own care; the administrative coordinator books joint appointments. Genome reanalysis in 2026; registry enrolment; annual multidisciplinary review."
* subject = Reference(swan-adult)
* period.start = "2025-05-01"
* author = Reference(pract-geneticist)
* contributor = Reference(swan-adult)
* careTeam = Reference(swan-care-team)
* addresses = Reference(swan-condition)
* goal = Reference(swan-goal)
* activity[0].detail.code = $care-coordination-component#genetic-testing-and-genomic-medicine "Genetic testing and genome-based medicine"
* activity[0].detail.status = #scheduled
* activity[0].detail.description = "Reanalysis of whole genome sequencing data."
* activity[0].detail.scheduledString = "Spring 2026"
* activity[0].detail.performer = Reference(pract-geneticist)
* activity[1].detail.code = $care-coordination-component#registry-enrolment "Registry enrolment"
* activity[1].detail.status = #completed
* activity[1].detail.description = "Registered with the national congenital anomaly and rare disease registration service."
* activity[2].detail.code = $care-coordination-component#multidisciplinary-team-meeting "Multidisciplinary team meeting"
* activity[2].detail.status = #scheduled
* activity[2].detail.description = "Annual rare disease MDT review (genetics, neurology, audiology), Rachel invited."
* activity[2].detail.performer = Reference(pract-admin-coordinator)

Instance: swan-alert
InstanceOf: RareDiseaseAlert
Usage: #example
Title: "Alert: undiagnosed rare disorder with seizures"
* extension[condition].valueReference = Reference(swan-condition)
* status = #active
* category = $flag-category#clinical "Clinical"
* code.coding = $orpha#616874 "Rare disorder without a determined diagnosis after full investigation"
* code.text = "Undiagnosed rare disorder with ataxia, hearing loss and seizures: communicate in writing; see care team contact."
* subject = Reference(swan-adult)
* period.start = "2025-05-01"

Instance: swan-genome-report
InstanceOf: SharedCareDocument
Usage: #example
Title: "Whole genome sequencing report"
* status = #current
* type = $loinc#51969-4 "Genetic analysis report"
* subject = Reference(swan-adult)
* date = "2024-10-20T12:00:00Z"
* author = Reference(org-leeds) "Leeds Teaching Hospitals"
* description = "Whole genome sequencing: no diagnostic variant found"
* content.attachment.contentType = #application/pdf
* content.attachment.url = "https://documents.example.nhs.uk/leeds/wgs-report-9449305552.pdf"
* content.attachment.title = "WGS report"
* context.related = Reference(swan-care-team)

Instance: swan-consent
InstanceOf: CareSharingConsent
Usage: #example
Title: "Rachel permits sharing, except with one organisation"
* status = #active
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(swan-adult)
* dateTime = "2025-05-01T10:00:00Z"
* performer = Reference(swan-adult)
* organization = Reference(org-leeds)
* policy.uri = "https://fhir.concord.org.uk/policy/care-record-sharing"
* provision.type = #permit
* provision.period.start = "2025-05-01"
* provision.provision.type = #deny
* provision.provision.actor.role = http://terminology.hl7.org/CodeSystem/v3-ParticipationType#IRCP "information recipient"
* provision.provision.actor.reference = Reference(org-uhb)
* provision.provision.actor.reference.identifier.system = $ods
* provision.provision.actor.reference.identifier.value = "RRK"

// The genomic test request that keeps an undiagnosed patient off the "undiagnosed with no recent genomic test" gap
// for twelve months (its rule reads ServiceRequest.code and authoredOn).
Instance: swan-genome-reanalysis
InstanceOf: ServiceRequest
Usage: #example
Title: "Reanalysis of Rachel's whole genome sequence"
* status = #active
* intent = #order
* category = $sct#108252007 "Laboratory procedure"
* code = $sct#405825005 "Molecular genetic test"
* code.text = "Whole genome sequence reanalysis (R-code undiagnosed rare disorder)"
* subject = Reference(swan-adult)
* authoredOn = "2026-03-10"
* requester = Reference(pract-geneticist)
* reasonReference = Reference(swan-condition)
* note.text = "Reanalysis with updated gene panels, as planned after the non-diagnostic 2024 result."
