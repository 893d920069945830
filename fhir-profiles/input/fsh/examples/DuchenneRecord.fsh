// Complete record 1: Oliver, 13, with Duchenne muscular dystrophy (ORPHA 98896): condition, care team with a
// named coordinator, coordinated care plan, transition plan, emergency care plan, alert, documents and consent.

Instance: dmd-child
InstanceOf: RareDiseasePatient
Usage: #example
Title: "Oliver Bennett, 13, Duchenne muscular dystrophy"
* identifier[nhsNumber].value = "9434765919"
* identifier[ncardrsId].value = "NCARDRS-2016-004512"
* identifier[genomicParticipantId].value = "p112233445"
* identifier[healthPassportNumber].value = "CP-0000-1001"
* active = true
* name.use = #official
* name.given = "Oliver"
* name.family = "Bennett"
* gender = #male
* birthDate = "2012-03-14"
* address.line = "12 Elm Road"
* address.city = "London"
* address.postalCode = "N1 9ZZ"
* telecom.system = #phone
* telecom.value = "07700 900123"
* contact.relationship = http://terminology.hl7.org/CodeSystem/v2-0131#N "Next-of-Kin"
* contact.name.given = "Claire"
* contact.name.family = "Bennett"
* contact.telecom.system = #phone
* contact.telecom.value = "07700 900123"
* generalPractitioner.reference = "Organization/org-gp-riverside"
* generalPractitioner.identifier.system = $ods
* generalPractitioner.identifier.value = "Y90001"
* generalPractitioner.display = "Riverside Medical Centre"

Instance: dmd-mother
InstanceOf: RelatedPerson
Usage: #example
Title: "Claire Bennett, Oliver's mother and carer"
* patient = Reference(dmd-child)
* active = true
* relationship = $v3-RoleCode#MTH "mother"
* name.given = "Claire"
* name.family = "Bennett"
* telecom.system = #phone
* telecom.value = "07700 900123"

Instance: dmd-condition
InstanceOf: RareDiseaseCondition
Usage: #example
Title: "Duchenne muscular dystrophy"
* extension[ageAtDiagnosis].valueAge = 4 'a' "years"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* category = $condition-category#problem-list-item
* code.coding[orphanet] = $orpha#98896 "Duchenne muscular dystrophy"
* code.coding[snomedCT] = $sct#76670001 "Duchenne muscular dystrophy"
* code.coding[icd10] = $icd10#G71.0 "Muscular dystrophy"
* code.coding[icd11] = $icd11#8C70.1 "Duchenne muscular dystrophy"
* code.coding[omim] = $omim#310200 "Muscular dystrophy, Duchenne type"
* code.text = "Duchenne muscular dystrophy"
* subject = Reference(dmd-child)
* onsetAge = 3 'a' "years"
* recordedDate = "2016-05-10"
* recorder = Reference(pract-neurologist)
* evidence[0].code = $hpo#HP:0003707 "Calf muscle pseudohypertrophy"
* evidence[1].code = $hpo#HP:0003236 "Elevated circulating creatine kinase concentration"
* evidence[2].code = $hpo#HP:0003391 "Gowers sign"
* note.text = "Dystrophin gene deletion exons 45-50 confirmed. On daily corticosteroids since 2017."

Instance: dmd-care-team
InstanceOf: CoordinatedCareTeam
Usage: #example
Title: "Oliver's coordinated care team"
* status = #active
* name = "Oliver Bennett - neuromuscular care team"
* subject = Reference(dmd-child)
* period.start = "2016-06-01"
* reasonReference = Reference(dmd-condition)
* managingOrganization = Reference(org-gosh)
* telecom[0].system = #phone
* telecom[0].value = "020 7405 9201"
* telecom[1].system = #email
* telecom[1].value = "neuromuscular.team@nhs.example.uk"
// the named care coordinator: the clinical nurse specialist
* participant[0].role = $care-team-role#care-coordinator "Care coordinator"
* participant[0].member = Reference(pract-nurse-specialist) "Sam Patel"
* participant[0].onBehalfOf.identifier.system = $ods
* participant[0].onBehalfOf.identifier.value = "RP4"
* participant[0].onBehalfOf.display = "Great Ormond Street Hospital"
* participant[0].period.start = "2019-09-01"
* participant[0].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#named-care-coordinator
* participant[0].extension[careResponsibility][1].valueCodeableConcept = $care-coordination-component#single-visit-clinic
* participant[0].extension[careResponsibility][2].valueCodeableConcept = $care-coordination-component#transition-to-adult-services
* participant[1].role = $care-team-role#lead-consultant "Lead consultant"
* participant[1].member = Reference(pract-neurologist) "Dr Amara Okafor"
* participant[1].onBehalfOf.identifier.system = $ods
* participant[1].onBehalfOf.identifier.value = "RP4"
* participant[1].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#assessment-and-diagnosis
* participant[1].extension[careResponsibility][1].valueCodeableConcept = $care-coordination-component#monitoring
* participant[1].extension[careResponsibility][2].valueCodeableConcept = $care-coordination-component#guideline-based-treatment
* participant[2].role = $care-team-role#general-practitioner "General practitioner"
* participant[2].member = Reference(pract-gp-riverside) "Dr Helen Brooks"
* participant[2].onBehalfOf.identifier.system = $ods
* participant[2].onBehalfOf.identifier.value = "Y90001"
* participant[2].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#follow-up-care
* participant[3].role = $care-team-role#allied-health-professional "Allied health professional"
* participant[3].member = Reference(pract-physio) "Chris Evans"
* participant[3].onBehalfOf.identifier.system = $ods
* participant[3].onBehalfOf.identifier.value = "RP4"
* participant[3].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#self-management-support
* participant[4].role = $care-team-role#education-contact "Education or school contact"
* participant[4].member = Reference(pract-senco) "Jo Kim"
* participant[4].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#school-support
* participant[5].role = $care-team-role#patient-organisation-support "Patient organisation or charity support"
* participant[5].member = Reference(org-muscular-dystrophy-charity)
* participant[5].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#carer-support
* participant[5].extension[careResponsibility][1].valueCodeableConcept = $care-coordination-component#patient-organisation-support
* participant[6].role = $care-team-role#parent-or-carer "Parent or carer"
* participant[6].member = Reference(dmd-mother) "Claire Bennett"
* participant[6].extension[careResponsibility][0].valueCodeableConcept = $care-coordination-component#patient-or-carer-coordinating-own-care
* participant[7].role = $care-team-role#patient "Patient"
* participant[7].member = Reference(dmd-child) "Oliver Bennett"

Instance: dmd-goal-mobility
InstanceOf: Goal
Usage: #example
Title: "Keep Oliver walking and at school"
* lifecycleStatus = #active
* description.text = "Keep Oliver walking independently for as long as possible and attending school full time."
* subject = Reference(dmd-child)
* addresses = Reference(dmd-condition)

Instance: dmd-goal-transition
InstanceOf: Goal
Usage: #example
Title: "Move to adult services without a gap in care"
* lifecycleStatus = #active
* description.text = "Oliver moves to adult neuromuscular services by age 18 with no gap in cardiac and respiratory monitoring."
* subject = Reference(dmd-child)
* addresses = Reference(dmd-condition)

Instance: dmd-coordinated-care-plan
InstanceOf: CoordinatedCarePlan
Usage: #example
Title: "Oliver's coordinated care plan"
* extension[nextReviewDate].valueDate = "2026-03-01"
* status = #active
* intent = #plan
* category[planType] = $care-plan-type#coordinated-care-plan "Coordinated care plan"
* title = "Coordinated care plan - Duchenne muscular dystrophy"
* description = "Six-monthly single-visit neuromuscular clinic (neurology, physiotherapy, cardiology, respiratory), annual review of this plan with Oliver and his parents, school support plan."
* subject = Reference(dmd-child)
* period.start = "2025-03-01"
* created = "2025-03-01"
* author = Reference(pract-nurse-specialist)
* careTeam = Reference(dmd-care-team)
* addresses = Reference(dmd-condition)
* goal = Reference(dmd-goal-mobility)
* activity[0].detail.code = $care-coordination-component#single-visit-clinic "Single-visit clinic"
* activity[0].detail.status = #scheduled
* activity[0].detail.description = "Neuromuscular clinic: neurology, physiotherapy, cardiology and respiratory on one day, every six months."
* activity[0].detail.scheduledString = "Every six months (next: January 2026)"
* activity[0].detail.performer = Reference(pract-nurse-specialist)
* activity[1].detail.code = $care-coordination-component#monitoring "Monitoring"
* activity[1].detail.status = #in-progress
* activity[1].detail.description = "Annual echocardiogram and cardiac MRI; lung function every six months."
* activity[1].detail.performer = Reference(pract-neurologist)
* activity[2].detail.code = $care-coordination-component#school-support "School support"
* activity[2].detail.status = #in-progress
* activity[2].detail.description = "Education, health and care plan reviewed each year with the school's SENCO."
* activity[2].detail.performer = Reference(pract-senco)
* activity[3].detail.code = $care-coordination-component#review-and-evaluation "Review and evaluation"
* activity[3].detail.status = #scheduled
* activity[3].detail.description = "Review this plan with Oliver and his parents."
* activity[3].detail.scheduledString = "By 1 March 2026"

Instance: dmd-transition-plan
InstanceOf: CoordinatedCarePlan
Usage: #example
Title: "Oliver's transition plan (children's to adult services)"
* extension[nextReviewDate].valueDate = "2026-01-15"
* status = #active
* intent = #plan
* category[planType] = $care-plan-type#transition-plan "Transition plan"
* title = "Transition to adult neuromuscular services"
* description = "Planned move from Great Ormond Street to the adult neuromuscular service at University Hospitals Birmingham between ages 14 and 18, with joint clinics in the final year."
* subject = Reference(dmd-child)
* period.start = "2025-09-01"
* period.end = "2030-03-14"
* author = Reference(pract-neurologist)
* careTeam = Reference(dmd-care-team)
* addresses = Reference(dmd-condition)
* goal = Reference(dmd-goal-transition)
* activity[0].detail.code = $care-coordination-component#transition-to-adult-services "Transition from child to adult services"
* activity[0].detail.status = #in-progress
* activity[0].detail.description = "Transition readiness conversations with Oliver from age 14; agree the adult team."
* activity[0].detail.performer = Reference(pract-nurse-specialist)
* activity[1].detail.code = $care-coordination-component#joint-clinic "Joint clinic"
* activity[1].detail.status = #not-started
* activity[1].detail.description = "Joint clinic with the adult neurologist in the year before transfer."
* activity[1].detail.performer = Reference(pract-adult-neurologist)
* activity[2].detail.code = $care-coordination-component#education-and-skills-training "Education and skills training for patients"
* activity[2].detail.status = #not-started
* activity[2].detail.description = "Teach Oliver to manage his own medicines and appointments."

Instance: dmd-emergency-care-plan
InstanceOf: CoordinatedCarePlan
Usage: #example
Title: "Oliver's emergency care plan"
* extension[nextReviewDate].valueDate = "2026-03-01"
* status = #active
* intent = #plan
* category[planType] = $care-plan-type#emergency-care-plan "Emergency care plan"
* title = "Emergency care plan - Duchenne muscular dystrophy"
* description = "Oliver takes daily steroids: if he is unwell, vomiting or injured give hydrocortisone (stress dose) and do not stop steroids suddenly. Do NOT use suxamethonium or volatile anaesthetics. Risk of fat embolism after a fracture: watch for breathlessness or confusion. Give oxygen carefully (risk of CO2 retention). Call the neuromuscular team on 020 7405 9201."
* subject = Reference(dmd-child)
* period.start = "2025-03-01"
* author = Reference(pract-neurologist)
* careTeam = Reference(dmd-care-team)
* addresses = Reference(dmd-condition)
* activity[0].detail.code = $care-coordination-component#communication-between-providers "Communication between providers"
* activity[0].detail.status = #scheduled
* activity[0].detail.description = "Emergency department to call the neuromuscular team (020 7405 9201) or the on-call neurologist on arrival."

Instance: dmd-alert
InstanceOf: RareDiseaseAlert
Usage: #example
Title: "Alert: Duchenne muscular dystrophy - steroids, anaesthetic risk"
* extension[emergencyCarePlan].valueReference = Reference(dmd-emergency-care-plan)
* extension[condition].valueReference = Reference(dmd-condition)
* status = #active
* category = $flag-category#clinical "Clinical"
* code.coding = $orpha#98896 "Duchenne muscular dystrophy"
* code.text = "Duchenne muscular dystrophy: on daily steroids (adrenal crisis risk); no suxamethonium or volatile anaesthetics; see emergency care plan."
* subject = Reference(dmd-child)
* period.start = "2025-03-01"
* author = Reference(pract-neurologist)

Instance: dmd-clinic-letter
InstanceOf: SharedCareDocument
Usage: #example
Title: "Neuromuscular clinic letter"
* identifier.system = "https://fhir.concord.org.uk/Id/document"
* identifier.value = "GOSH-NM-2025-10-02-0001"
* status = #current
* type = $loinc#11488-4 "Consult note"
* subject = Reference(dmd-child)
* date = "2025-10-02T14:30:00+01:00"
* author = Reference(org-gosh) "Great Ormond Street Hospital"
* custodian = Reference(org-gosh)
* description = "Clinic letter from the October 2025 neuromuscular clinic"
* content.attachment.contentType = #text/plain
* content.attachment.language = #en-GB
* content.attachment.title = "Clinic letter 2 October 2025"
* content.attachment.data = "T2xpdmVyIHdhcyBzZWVuIGluIHRoZSBuZXVyb211c2N1bGFyIGNsaW5pYy4gV2Fsa2luZyBpbmRlcGVuZGVudGx5LiBFY2hvIG5vcm1hbC4gQ29udGludWUgc3Rlcm9pZHMuIFJldmlldyBpbiBzaXggbW9udGhzLg=="
* context.related[0] = Reference(dmd-care-team)
* context.related[1] = Reference(dmd-coordinated-care-plan)

Instance: dmd-emergency-letter
InstanceOf: SharedCareDocument
Usage: #example
Title: "Emergency care letter (PDF)"
* status = #current
* type = $loinc#18776-5 "Plan of care note"
* subject = Reference(dmd-child)
* date = "2025-03-01T09:00:00Z"
* author = Reference(pract-neurologist) "Dr Amara Okafor"
* description = "Printable emergency letter for Oliver to carry"
* content.attachment.contentType = #application/pdf
* content.attachment.url = "https://documents.example.nhs.uk/gosh/emergency-letter-9434765919.pdf"
* content.attachment.title = "Emergency letter"
* context.related = Reference(dmd-emergency-care-plan)

Instance: dmd-consent
InstanceOf: CareSharingConsent
Usage: #example
Title: "Oliver's parents permit sharing with his care team's organisations"
* status = #active
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(dmd-child)
* dateTime = "2025-03-01T10:00:00Z"
* performer = Reference(dmd-mother)
* organization = Reference(org-gosh)
* policy.uri = "https://fhir.concord.org.uk/policy/care-record-sharing"
* provision.type = #permit
* provision.period.start = "2025-03-01"
* provision.actor[0].role = http://terminology.hl7.org/CodeSystem/v3-ParticipationType#IRCP "information recipient"
* provision.actor[0].reference = Reference(org-gosh)
* provision.actor[0].reference.identifier.system = $ods
* provision.actor[0].reference.identifier.value = "RP4"
* provision.actor[1].role = http://terminology.hl7.org/CodeSystem/v3-ParticipationType#IRCP "information recipient"
* provision.actor[1].reference = Reference(org-gp-riverside)
* provision.actor[1].reference.identifier.system = $ods
* provision.actor[1].reference.identifier.value = "Y90001"
* provision.actor[2].role = http://terminology.hl7.org/CodeSystem/v3-ParticipationType#IRCP "information recipient"
* provision.actor[2].reference = Reference(org-uhb)
* provision.actor[2].reference.identifier.system = $ods
* provision.actor[2].reference.identifier.value = "RRK"

// Two clinics two weeks apart at two hospitals: what $coordination-gaps reports as split visits (they could have
// been one combined visit). Appointments name no organisation in R4: the Location's managing organisation does.
Instance: dmd-gosh-neuromuscular-clinic
InstanceOf: Location
Usage: #example
Title: "Neuromuscular clinic, Great Ormond Street Hospital"
* status = #active
* name = "Neuromuscular clinic, Great Ormond Street Hospital"
* managingOrganization = Reference(org-gosh)
* managingOrganization.identifier.system = $ods
* managingOrganization.identifier.value = "RP4"

Instance: dmd-leeds-cardiology-clinic
InstanceOf: Location
Usage: #example
Title: "Paediatric cardiology clinic, Leeds General Infirmary"
* status = #active
* name = "Paediatric cardiology clinic, Leeds General Infirmary"
* managingOrganization = Reference(org-leeds)
* managingOrganization.identifier.system = $ods
* managingOrganization.identifier.value = "RR8"

Instance: dmd-appointment-neuromuscular
InstanceOf: Appointment
Usage: #example
Title: "Neuromuscular review at GOSH"
* status = #booked
* serviceType = $sct#394591006 "Neurology"
* description = "Six-monthly neuromuscular review"
* start = "2027-01-12T10:00:00Z"
* end = "2027-01-12T11:00:00Z"
* participant[0].actor = Reference(dmd-child)
* participant[0].status = #accepted
* participant[1].actor = Reference(dmd-gosh-neuromuscular-clinic)
* participant[1].status = #accepted

Instance: dmd-appointment-cardiology
InstanceOf: Appointment
Usage: #example
Title: "Cardiac review at Leeds, two weeks later"
* status = #booked
* serviceType = $sct#394579002 "Cardiology"
* description = "Annual echocardiogram and cardiology review"
* start = "2027-01-26T14:00:00Z"
* end = "2027-01-26T15:00:00Z"
* participant[0].actor = Reference(dmd-child)
* participant[0].status = #accepted
* participant[1].actor = Reference(dmd-leeds-cardiology-clinic)
* participant[1].status = #accepted
