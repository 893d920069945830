// Shared aliases. Concord canonicals live under https://fhir.concord.org.uk

// Concord terminology
Alias: $care-team-role = https://fhir.concord.org.uk/CodeSystem/care-team-role
Alias: $care-plan-type = https://fhir.concord.org.uk/CodeSystem/care-plan-type
Alias: $care-coordination-component = https://fhir.concord.org.uk/CodeSystem/care-coordination-component
Alias: $nhs-number-unavailable-reason = https://fhir.concord.org.uk/CodeSystem/nhs-number-unavailable-reason
Alias: $consent-category = https://fhir.concord.org.uk/CodeSystem/consent-category

// Concord extensions
Alias: $next-review-date = https://fhir.concord.org.uk/StructureDefinition/next-review-date
Alias: $care-responsibility = https://fhir.concord.org.uk/StructureDefinition/care-responsibility
Alias: $nhs-number-unavailable-reason-ext = https://fhir.concord.org.uk/StructureDefinition/nhs-number-unavailable-reason
Alias: $age-at-diagnosis = https://fhir.concord.org.uk/StructureDefinition/age-at-diagnosis
Alias: $emergency-care-plan = https://fhir.concord.org.uk/StructureDefinition/emergency-care-plan
Alias: $flag-detail = http://hl7.org/fhir/StructureDefinition/flag-detail

// NHS identifier systems (UK Core conventions)
Alias: $nhs-number = https://fhir.nhs.uk/Id/nhs-number
Alias: $ods = https://fhir.nhs.uk/Id/ods-organization-code
Alias: $gmc = https://fhir.hl7.org.uk/Id/gmc-number
Alias: $nmc = https://fhir.hl7.org.uk/Id/nmc-number
Alias: $hcpc = https://fhir.hl7.org.uk/Id/hcpc-number
Alias: $sds-user-id = https://fhir.nhs.uk/Id/sds-user-id

// Rare-disease registry and passport identifier systems (Concord namespaces; see the RareDiseasePatient page)
Alias: $ncardrs-id = https://fhir.concord.org.uk/Id/ncardrs-registration-id
Alias: $genomic-participant-id = https://fhir.concord.org.uk/Id/genomic-medicine-participant-id
Alias: $ern-patient-id = https://fhir.concord.org.uk/Id/ern-cpms-patient-id
Alias: $health-passport = https://fhir.concord.org.uk/Id/health-passport-number

// External terminologies
Alias: $orpha = https://www.orpha.net
Alias: $orpha-http = http://www.orpha.net
Alias: $sct = http://snomed.info/sct
Alias: $icd10 = http://hl7.org/fhir/sid/icd-10
Alias: $icd11 = http://id.who.int/icd/release/11/mms
Alias: $omim = http://www.omim.org
Alias: $hpo = http://human-phenotype-ontology.org
Alias: $loinc = http://loinc.org
Alias: $ucum = http://unitsofmeasure.org

// HL7 terminology used by R4 core bindings
Alias: $condition-clinical = http://terminology.hl7.org/CodeSystem/condition-clinical
Alias: $condition-ver-status = http://terminology.hl7.org/CodeSystem/condition-ver-status
Alias: $condition-category = http://terminology.hl7.org/CodeSystem/condition-category
Alias: $consentscope = http://terminology.hl7.org/CodeSystem/consentscope
Alias: $consentcategorycodes = http://terminology.hl7.org/CodeSystem/consentcategorycodes
Alias: $v3-RoleCode = http://terminology.hl7.org/CodeSystem/v3-RoleCode
Alias: $flag-category = http://terminology.hl7.org/CodeSystem/flag-category
Alias: $provenance-participant-type = http://terminology.hl7.org/CodeSystem/provenance-participant-type
