package uk.concord.audit;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;

/**
 * What the audit records of one request have in common. A search page of 50 patients makes 50 records that differ
 * only in the references to their patient and in their time; with stand-ins for those, the records of one page are
 * equal ({@link AuditEvent#equalsDeep}), so what is worked out from one of them (its JSON, the values it is found by)
 * holds for the others once their own patient and time are put in (issue 12: encoding and indexing a page's records
 * cost a fifth of its request and a third of storing them). The records of one client's reads of Patients are alike
 * the same way: they name the patient twice, as the patient and as the record read ({@code Patient/id/_history/n}).
 */
final class RecordShape {

	/** Longer than a FHIR id can be (64), so no record can name this patient. */
	static final String PATIENT = "Patient/" + "stand-in-for-the-patient-".repeat(3);
	static final String TIME = "1900-01-01T00:00:00.000Z";

	private RecordShape() {
	}

	/**
	 * The positions of the record's entities that name a patient ({@code Patient/id}, or a version of it); null unless
	 * they all name the same one, or when its time is more than a value (the stand-in would replace its id or
	 * extensions).
	 */
	static int[] patientEntities(AuditEvent record) {
		if (record.hasRecordedElement() && (record.getRecordedElement().hasId() || record.getRecordedElement().hasExtension())) {
			return null;
		}
		List<AuditEvent.AuditEventEntityComponent> entities = record.getEntity();
		int[] found = new int[entities.size()];
		int count = 0;
		String patient = null;
		for (int i = 0; i < entities.size(); i++) {
			Reference what = entities.get(i).getWhat();
			IdType named = what.hasReference() ? new IdType(what.getReference()) : null;
			if (named != null && "Patient".equals(named.getResourceType()) && named.hasIdPart() && !named.isAbsolute()) {
				if (patient != null && !patient.equals(named.getIdPart())) {
					return null;
				}
				patient = named.getIdPart();
				found[count++] = i;
			}
		}
		return count == 0 ? null : Arrays.copyOf(found, count);
	}

	/**
	 * Runs {@code work} with the stand-ins in the record in place of its references to its patient (the entities at
	 * {@code patientEntities}, versioned or not) and its time, then puts the record back as it was.
	 */
	static <T> T withStandIns(AuditEvent record, int[] patientEntities, Supplier<T> work) {
		String[] references = references(record, patientEntities);
		InstantType recorded = record.hasRecordedElement() ? record.getRecordedElement() : null;
		for (int position : patientEntities) {
			whatOf(record, position).setReference(PATIENT);
		}
		record.setRecordedElement(new InstantType(TIME));
		try {
			return work.get();
		} finally {
			for (int i = 0; i < patientEntities.length; i++) {
				whatOf(record, patientEntities[i]).setReference(references[i]);
			}
			record.setRecordedElement(recorded);
		}
	}

	/** The references of the entities at {@code positions}, in their order. */
	static String[] references(AuditEvent record, int[] positions) {
		return Arrays.stream(positions).mapToObj(position -> whatOf(record, position).getReference()).toArray(String[]::new);
	}

	/** Whether the text holds the patient stand-in's id (anywhere, in any form a reference may take). */
	static boolean namesThePatientStandIn(String text) {
		return text != null && text.contains(PATIENT.substring("Patient/".length()));
	}

	private static Reference whatOf(AuditEvent record, int entity) {
		return record.getEntity().get(entity).getWhat();
	}
}
