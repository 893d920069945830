// The codes $coordination-gaps and the review reminders write. The rules themselves are in the guide's page
// "Coordinating the team" and in CoordinationGap.java; CoordinationCodesTest checks that the codes agree.

CodeSystem: CoordinationGapCS
Id: coordination-gap
Title: "Coordination gap"
Description: "The kinds of gap in the coordination of care of a person with a rare condition that $coordination-gaps reports (MeasureReport.group.code)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #no-active-care-team "No active care team" "The patient has no CareTeam with status active."
* #no-current-coordinator "Active care team without a current coordinator" "The patient has an active care team, and no participant of an active team is a care-coordinator with a current period."
* #no-active-care-plan "No active coordinated care plan" "The patient has no active CarePlan of type coordinated-care-plan."
* #no-emergency-care-plan "No emergency care plan" "The patient has no active CarePlan of type emergency-care-plan."
* #review-overdue "Care plan review overdue" "An active care plan's next review date has passed."
* #review-task-overdue "Review task open past its due date" "A review reminder Task is still open after its due date."
* #transition-not-started "Transition to adult services not started" "The patient has reached the configured transition age, is younger than the configured age of adult services, and has no transition plan."
* #split-visits "Appointments on different days at different organisations" "Two booked appointments at different organisations on different days within the configured window could have been one combined visit."
* #undiagnosed-without-genomic-test "Undiagnosed with no recent genomic test" "An undiagnosed patient (ORPHA 616874) has no genomic test requested or reported within the configured look-back."
* #document-withheld-from-team "Document a team member cannot read (consent)" "The patient's consent denies an organisation in the patient's active care team, so it cannot read the patient's documents."

CodeSystem: CoordinationGapStratifierCS
Id: coordination-gap-stratifier
Title: "Coordination gap stratifier"
Description: "How $coordination-gaps stratifies each gap (MeasureReport.group.stratifier.code)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #region "Region" "The region of the patient's home postcode area (ONS ITL1, or Wales, Scotland, Northern Ireland, Channel Islands, Isle of Man; Unknown without a UK postcode)."
* #organisation "Organisation" "The ODS code of each organisation in the patient's active care teams; a patient counts once in each."

CodeSystem: CoordinationTaskCS
Id: coordination-task
Title: "Coordination task"
Description: "The kinds of Task Concord makes to keep care coordinated (Task.code)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #review-care-plan "Review the care plan" "Review the care plan named by Task.focus by its next review date (Task.restriction.period.end); owned by the team's current coordinator."
