CodeSystem: CareTeamRoleCS
Id: care-team-role
Title: "Care team role"
Description: "The role a participant plays in the coordinated care team of a person with a rare condition. `care-coordinator` is the one person who takes responsibility for coordinating care (a professional, or the patient or a carer acting as care partner)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* ^valueSet = "https://fhir.concord.org.uk/ValueSet/care-team-role"
* #care-coordinator "Care coordinator" "The person who takes responsibility for coordinating the patient's care. A CoordinatedCareTeam has exactly one current care coordinator."
* #administrative-coordinator "Administrative coordinator" "Organises appointments, communication and paperwork; does not hold clinical responsibility for coordination."
* #key-worker "Key worker" "A named professional who is the family's main point of contact for a service."
* #general-practitioner "General practitioner" "The patient's GP."
* #lead-consultant "Lead consultant" "The consultant with overall clinical responsibility for the rare condition."
* #clinical-nurse-specialist "Clinical nurse specialist" "A specialist nurse for the condition or the service."
* #allied-health-professional "Allied health professional" "Physiotherapist, occupational therapist, speech and language therapist, dietitian or other allied health professional."
* #psychologist "Psychologist" "Clinical psychologist or other psychological support professional."
* #social-worker "Social worker" "Social worker or social care lead."
* #education-contact "Education or school contact" "Contact at the nursery, school or college, such as a special educational needs coordinator."
* #patient-organisation-support "Patient organisation or charity support" "A support worker from a patient organisation or rare-disease charity."
* #patient "Patient" "The patient as a member of their own care team."
* #parent-or-carer "Parent or carer" "A parent, family member or carer as a member of the care team."

ValueSet: CareTeamRoleVS
Id: care-team-role
Title: "Care team role"
Description: "Roles of participants in a coordinated care team."
* ^status = #active
* ^experimental = false
* include codes from system $care-team-role

CodeSystem: CarePlanTypeCS
Id: care-plan-type
Title: "Care plan type"
Description: "The kinds of care plan Concord shares for a person with a rare condition."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* ^valueSet = "https://fhir.concord.org.uk/ValueSet/care-plan-type"
* #coordinated-care-plan "Coordinated care plan" "The everyday plan that sets out shared goals, who does what, and when the plan is next reviewed."
* #emergency-care-plan "Emergency care plan" "What an emergency clinician must know and do for this person: it must give emergency instructions."
* #transition-plan "Transition plan" "The plan for moving from children's to adult services."
* #end-of-life-plan "End-of-life plan" "Palliative and end-of-life care plan, including bereavement support for the family."

ValueSet: CarePlanTypeVS
Id: care-plan-type
Title: "Care plan type"
Description: "Types of Concord care plan."
* ^status = #active
* ^experimental = false
* include codes from system $care-plan-type

CodeSystem: NhsNumberUnavailableReasonCS
Id: nhs-number-unavailable-reason
Title: "NHS number unavailable reason"
Description: "Why a patient record has no NHS Number."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* ^valueSet = "https://fhir.concord.org.uk/ValueSet/nhs-number-unavailable-reason"
* #newborn-not-yet-allocated "Newborn, NHS Number not yet allocated" "A baby whose NHS Number has not yet been allocated or received."
* #trace-in-progress "Trace in progress" "A trace against the national demographics service has been requested and has not yet returned."
* #trace-unsuccessful "Trace unsuccessful" "A trace found no match or more than one match."
* #overseas-visitor "Overseas visitor" "The person is not registered with the NHS (for example a visitor from abroad)."
* #unidentified-patient "Unidentified patient" "The person cannot yet be identified (for example unconscious in an emergency department)."

ValueSet: NhsNumberUnavailableReasonVS
Id: nhs-number-unavailable-reason
Title: "NHS number unavailable reason"
Description: "Reasons why there is no NHS Number."
* ^status = #active
* ^experimental = false
* include codes from system $nhs-number-unavailable-reason

CodeSystem: PassportSectionCS
Id: passport-section
Title: "Health passport section"
Description: "Sections of Concord's health passport (an International Patient Summary for a person with a rare condition) that neither IPS nor LOINC defines."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #emergency-care-plan "Emergency care plan" "What an emergency team must do for this patient: the active emergency care plans."
* #key-documents "Key documents" "The current documents shared by the patient's care team: clinic letters, reports, emergency letters."

CodeSystem: ConsentCategoryCS
Id: consent-category
Title: "Concord consent category"
Description: "Kinds of consent Concord acts on that LOINC does not name apart."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #carer-access "Carer access confirmed by the patient" "A young person confirms that a carer may keep using their record once they reach the configured age (CarerAccessConsent)."
