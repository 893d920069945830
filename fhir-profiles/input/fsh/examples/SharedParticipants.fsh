// Organisations, practitioners and related people shared by the example records. Not Concord-profiled types, so
// they carry no meta.profile. ODS codes: RP4 Great Ormond Street Hospital, RR8 Leeds Teaching Hospitals,
// RRK University Hospitals Birmingham (real trust codes); Y90001 and Y90002 are made-up GP practice codes.

Instance: org-gosh
InstanceOf: Organization
Usage: #example
Title: "Great Ormond Street Hospital (RP4)"
* identifier.system = $ods
* identifier.value = "RP4"
* active = true
* name = "Great Ormond Street Hospital for Children NHS Foundation Trust"
* telecom.system = #phone
* telecom.value = "020 7405 9200"

Instance: org-uhb
InstanceOf: Organization
Usage: #example
Title: "University Hospitals Birmingham (RRK)"
* identifier.system = $ods
* identifier.value = "RRK"
* active = true
* name = "University Hospitals Birmingham NHS Foundation Trust"

Instance: org-leeds
InstanceOf: Organization
Usage: #example
Title: "Leeds Teaching Hospitals (RR8)"
* identifier.system = $ods
* identifier.value = "RR8"
* active = true
* name = "Leeds Teaching Hospitals NHS Trust"

Instance: org-gp-riverside
InstanceOf: Organization
Usage: #example
Title: "Riverside Medical Centre (GP practice, Y90001)"
* identifier.system = $ods
* identifier.value = "Y90001"
* active = true
* name = "Riverside Medical Centre"
* telecom.system = #phone
* telecom.value = "020 7946 0001"

Instance: org-gp-moorside
InstanceOf: Organization
Usage: #example
Title: "Moorside Surgery (GP practice, Y90002)"
* identifier.system = $ods
* identifier.value = "Y90002"
* active = true
* name = "Moorside Surgery"

Instance: org-muscular-dystrophy-charity
InstanceOf: Organization
Usage: #example
Title: "Muscular dystrophy charity (patient organisation)"
* active = true
* name = "Muscular Dystrophy Support Charity"
* telecom.system = #phone
* telecom.value = "0800 000 0001"

Instance: org-swan-support
InstanceOf: Organization
Usage: #example
Title: "Syndromes without a name support (patient organisation)"
* active = true
* name = "SWAN Family Support Service"
* telecom.system = #email
* telecom.value = "swan.support@example.org.uk"

Instance: org-school
InstanceOf: Organization
Usage: #example
Title: "Oliver's school"
* active = true
* name = "Hillside Primary and Secondary School"

Instance: pract-neurologist
InstanceOf: Practitioner
Usage: #example
Title: "Dr Amara Okafor, consultant paediatric neurologist"
* identifier.system = $gmc
* identifier.value = "7012345"
* name.prefix = "Dr"
* name.given = "Amara"
* name.family = "Okafor"
* telecom.system = #email
* telecom.value = "amara.okafor@nhs.example.uk"

Instance: pract-nurse-specialist
InstanceOf: Practitioner
Usage: #example
Title: "Sam Patel, neuromuscular clinical nurse specialist"
* identifier.system = $nmc
* identifier.value = "12A3456E"
* name.given = "Sam"
* name.family = "Patel"
* telecom[0].system = #phone
* telecom[0].value = "020 7405 9201"
* telecom[1].system = #email
* telecom[1].value = "sam.patel@nhs.example.uk"

Instance: pract-physio
InstanceOf: Practitioner
Usage: #example
Title: "Chris Evans, physiotherapist"
* identifier.system = $hcpc
* identifier.value = "PH123456"
* name.given = "Chris"
* name.family = "Evans"

Instance: pract-gp-riverside
InstanceOf: Practitioner
Usage: #example
Title: "Dr Helen Brooks, GP"
* identifier.system = $gmc
* identifier.value = "7098765"
* name.prefix = "Dr"
* name.given = "Helen"
* name.family = "Brooks"

Instance: pract-adult-neurologist
InstanceOf: Practitioner
Usage: #example
Title: "Dr Tom Reid, consultant neurologist (adult services)"
* identifier.system = $gmc
* identifier.value = "7055501"
* name.prefix = "Dr"
* name.given = "Tom"
* name.family = "Reid"

Instance: pract-senco
InstanceOf: Practitioner
Usage: #example
Title: "Jo Kim, special educational needs coordinator"
* name.given = "Jo"
* name.family = "Kim"
* telecom.system = #email
* telecom.value = "senco@hillside.example.sch.uk"

Instance: pract-geneticist
InstanceOf: Practitioner
Usage: #example
Title: "Dr Priya Shah, consultant clinical geneticist"
* identifier.system = $gmc
* identifier.value = "7066602"
* name.prefix = "Dr"
* name.given = "Priya"
* name.family = "Shah"

Instance: pract-admin-coordinator
InstanceOf: Practitioner
Usage: #example
Title: "Lee Morgan, rare disease administrative coordinator"
* name.given = "Lee"
* name.family = "Morgan"
* telecom.system = #phone
* telecom.value = "0113 243 0001"

Instance: pract-gp-moorside
InstanceOf: Practitioner
Usage: #example
Title: "Dr Ian Clarke, GP"
* identifier.system = $gmc
* identifier.value = "7077703"
* name.prefix = "Dr"
* name.given = "Ian"
* name.family = "Clarke"
