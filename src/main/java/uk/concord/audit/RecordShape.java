package uk.concord.audit;

import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;

/**
 * What the audit records of one request have in common. A search page of 50 patients makes 50 records that differ
 * only in the reference of their patient entity and in their time; with stand-ins for those two, the records of one
 * page are equal ({@link AuditEvent#equalsDeep}), so what is worked out from one of them (its JSON, the values it is
 * found by) holds for the others once their own patient and time are put in (issue 12: encoding and indexing a page's
 * records cost a fifth of its request and a third of storing them).
 */
final class RecordShape {

	/** Longer than a FHIR id can be (64), so no record can name this patient. */
	static final String PATIENT = "Patient/" + "stand-in-for-the-patient-".repeat(3);
	static final String TIME = "1900-01-01T00:00:00.000Z";

	private RecordShape() {
	}

	/**
	 * The position of the record's one entity that is a patient ({@code Patient/id}); -1 unless exactly one, or when
	 * its time is more than a value (the stand-in would replace its id or extensions).
	 */
	static int patientEntity(AuditEvent record) {
		if (record.hasRecordedElement() && (record.getRecordedElement().hasId() || record.getRecordedElement().hasExtension())) {
			return -1;
		}
		List<AuditEvent.AuditEventEntityComponent> entities = record.getEntity();
		int found = -1;
		for (int i = 0; i < entities.size(); i++) {
			Reference what = entities.get(i).getWhat();
			IdType named = what.hasReference() ? new IdType(what.getReference()) : null;
			if (named != null && "Patient".equals(named.getResourceType()) && named.hasIdPart() && !named.isAbsolute()) {
				if (found >= 0) {
					return -1;
				}
				found = i;
			}
		}
		return found;
	}

	/**
	 * Runs {@code work} with the stand-ins in the record in place of its patient (the entity at {@code patientEntity})
	 * and its time, then puts the record back as it was.
	 */
	static <T> T withStandIns(AuditEvent record, int patientEntity, Supplier<T> work) {
		Reference patient = record.getEntity().get(patientEntity).getWhat();
		String reference = patient.getReference();
		InstantType recorded = record.hasRecordedElement() ? record.getRecordedElement() : null;
		patient.setReference(PATIENT);
		record.setRecordedElement(new InstantType(TIME));
		try {
			return work.get();
		} finally {
			patient.setReference(reference);
			record.setRecordedElement(recorded);
		}
	}

	/** Whether the text holds the patient stand-in's id (anywhere, in any form a reference may take). */
	static boolean namesThePatientStandIn(String text) {
		return text != null && text.contains(PATIENT.substring("Patient/".length()));
	}
}
