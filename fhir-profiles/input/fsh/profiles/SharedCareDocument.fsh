Profile: SharedCareDocument
Parent: DocumentReference
Id: SharedCareDocument
Title: "Shared Care Document"
Description: "A document shared between everyone involved in a rare-condition patient's care (clinic letters, care plan documents, health passports, emergency letters): the documentation that replaces the paper patients used to carry. Needs subject, type, date, author, an attachment with a content type and either the data or a url, and may point to the related care plan or care team."
* ^status = #active
* ^experimental = false
* identifier MS
* status MS
* type 1..1 MS
* category MS
* subject 1..1 MS
* subject only Reference(Patient)
* date 1..1 MS
* author 1..* MS
* author only Reference(Organization or Practitioner or PractitionerRole)
* author ^short = "Author: an organisation (by ODS code) or a practitioner"
* custodian MS
* description MS
* content 1..* MS
* content.attachment MS
* content.attachment obeys concord-attachment-data-or-url
* content.attachment.contentType 1..1 MS
* content.attachment.contentType obeys concord-mime-type
* content.attachment.data MS
* content.attachment.url MS
* content.attachment.title MS
* context MS
* context.related MS
* context.related ^short = "The related CarePlan, CareTeam or Condition"
