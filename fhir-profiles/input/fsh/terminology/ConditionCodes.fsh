ValueSet: RareDiseaseConditionCodeVS
Id: rare-disease-condition-code
Title: "Rare disease condition code"
Description: "Codes for a rare or undiagnosed condition: any ORPHAcode (Orphanet nomenclature; `https://www.orpha.net` is preferred, the older `http://www.orpha.net` is accepted), SNOMED CT, ICD-10, ICD-11 MMS or OMIM. A person without a diagnosis after full investigation is coded ORPHA 616874 (Rare disorder without a determined diagnosis after full investigation)."
* ^status = #active
* ^experimental = false
* include codes from system $orpha
* include codes from system $orpha-http
* include codes from system $sct
* include codes from system $icd10
* include codes from system $icd11
* include codes from system $omim

ValueSet: PhenotypeCodeVS
Id: phenotype-code
Title: "Phenotype code (HPO)"
Description: "Phenotypic features coded with the Human Phenotype Ontology."
* ^status = #active
* ^experimental = false
* include codes from system $hpo
