// Components of coordinated care for rare conditions, with the type of each component (what is coordinated,
// how care is coordinated, multi-purpose, or context), taken from the scoping review and stakeholder consultation on
// coordinated care for rare conditions (Walton et al.). Concord's categorisation; codes are lower-kebab-case.
// Generated once from a list and kept by hand: add concepts here, never remove or recode them.

CodeSystem: CareCoordinationComponentCS
Id: care-coordination-component
Title: "Care coordination component"
Description: "Components of coordinated care for people with rare conditions. Each concept has the property componentType: *what* (a part of the care pathway that may need to be coordinated), *how* (a way of coordinating care), *multi-purpose* (both), or *context* (something that shapes coordination)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* ^valueSet = "https://fhir.concord.org.uk/ValueSet/care-coordination-component"
* ^property[0].code = #componentType
* ^property[0].uri = "https://fhir.concord.org.uk/CodeSystem/care-coordination-component#componentType"
* ^property[0].description = "The type of component: what | how | multi-purpose | context"
* ^property[0].type = #code

* #assessment-and-diagnosis "Assessment and diagnosis" "Assessment of physical and mental health status and the work-up that leads to a diagnosis (or to the conclusion that no diagnosis can yet be made)."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #care-plan-development "Care plan development" "Developing an individual care plan (everyday or emergency) with the patient and family; planning both tells how care is coordinated and is itself a part of care to coordinate."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #multi-purpose
* #responsibility-planning "Planning who is responsible for what" "Agreeing which participant is responsible for which aspects of the person's care."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #multi-purpose
* #review-and-evaluation "Review and evaluation" "Regular review of the person's needs, care and plan, and evaluation of whether care is working."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #monitoring "Monitoring" "Ongoing monitoring of the condition, symptoms, treatment effects and complications."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #follow-up-care "Follow-up care" "Follow-up appointments and contacts after an episode of care or a test."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #reminders "Reminders" "Reminders to patients, carers or professionals about appointments, tests, reviews or treatment."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #telecare "Telecare" "Care and monitoring delivered remotely by telephone, video or connected devices."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #feedback-for-professionals "Feedback for professionals" "Feedback to healthcare professionals about the person's progress, results or the care delivered."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #education-and-skills-training "Education and skills training for patients" "Information, education and skills training for the patient, carers and family about the condition and its management."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #multi-purpose
* #self-management-support "Self-management support" "Support for the patient and family to manage the condition and to take part in coordinating their own care."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #multi-purpose
* #psychological-support "Psychological support" "Psychological and emotional support for the patient."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #carer-support "Carer support" "Support for parents, carers and the wider family, including respite."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #multi-purpose
* #social-support "Social support" "Support for social, practical and financial needs (housing, benefits, transport, peer support)."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #school-support "School support" "Support from and coordination with nurseries, schools, colleges and education services."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #multi-purpose
* #transition-to-adult-services "Transition from child to adult services" "Planned, coordinated movement from children's to adult health and care services."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #genetic-testing-and-genomic-medicine "Genetic testing and genome-based medicine" "Genetic and genomic testing, interpretation, cascade testing of relatives and genome-based treatment."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #counselling "Counselling" "Counselling, including genetic counselling, for the patient and family."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #antenatal-care "Antenatal care" "Antenatal and pre-conception care, including prenatal diagnosis, for families affected by a rare condition."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #bereavement-care "Bereavement care" "Palliative, end-of-life and bereavement care and support for the family."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #what
* #named-care-coordinator "Named care coordinator" "One named professional takes responsibility for coordinating the person's care."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #patient-or-carer-coordinating-own-care "Patient or carer coordinating own care" "The patient, a parent or a carer takes responsibility for coordinating some or all of the person's care, as a care partner."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #administrative-coordinator "Administrative coordinator" "A non-clinical coordinator organises appointments, communication and paperwork."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #multidisciplinary-team-meeting "Multidisciplinary team meeting" "Professionals from different disciplines and organisations meet to plan and coordinate care."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #single-visit-clinic "Single-visit clinic" "Several appointments, tests and specialists are brought together into a single visit."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #joint-clinic "Joint clinic" "Joint clinics or consultations in which two or more specialties see the person together."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #specialist-centre "Specialist or condition-specific centre" "Care is coordinated through a specialist or condition-specific centre or clinic (for example a centre of expertise or a European Reference Network member)."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #continuity-of-care-provider "Continuity of care provider" "The same individual care provider is kept throughout, where that helps the person and family."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #shared-documentation "Shared documentation" "Documentation (letters, plans, summaries) is shared with everyone involved instead of being carried by the patient."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #communication-between-providers "Communication between providers" "Verbal, written and electronic communication between providers and with the patient and family."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #electronic-record "Electronic record" "An electronic or shared care record that everyone involved can access."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #registry-enrolment "Registry enrolment" "Enrolment in a rare-disease, congenital anomaly or condition-specific registry."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #referral "Referral" "Referral to another service, specialist, centre or support organisation."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #patient-identification "Patient identification (passport or pendant)" "A form of identification for the rare condition, such as a health passport, alert card, pendant or code, so that others recognise the condition."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #familiarisation-with-services "Familiarisation with services" "Opportunities for patients, carers and professionals to become familiar with services and with what to expect from coordination."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #patient-organisation-support "Patient organisation or charity support" "Support from patient organisations and rare-disease charities, which help patients and carers develop expertise."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #training-for-professionals "Training for professionals" "Education, training and supervision of professionals about the rare condition and about coordinating care."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #how
* #guideline-based-treatment "Guideline-based treatment" "Treatment following guidelines, standards of care or evidence-based protocols where they exist."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #context
* #individualised-care "Individualised care" "Care tailored to the individual's and family's needs, preferences and circumstances."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #context
* #access-to-care "Access to care" "The person's access to care: distance and travel, availability of expertise, and access to records, results and medicines."
  * ^property[0].code = #componentType
  * ^property[0].valueCode = #context

ValueSet: CareCoordinationComponentVS
Id: care-coordination-component
Title: "Care coordination component"
Description: "All components of coordinated care for rare conditions."
* ^status = #active
* ^experimental = false
* include codes from system $care-coordination-component
