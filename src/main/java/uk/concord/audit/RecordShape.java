package uk.concord.audit;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;

/**
 * What audit records have in common. A search page of 50 patients makes 50 records that differ only in the
 * references to their patient and in their time; one client's reads of Patients make records that differ in those
 * (a read names its patient twice: as the patient and as the record read, {@code Patient/id/_history/n}) and in the
 * request's id. With stand-ins for those, such records are equal ({@link AuditEvent#equalsDeep}), so what is worked
 * out from one of them (its JSON, the values it is found by) holds for the others once their own values are put in
 * (issue 12: encoding and indexing a page's records cost a fifth of its request and a third of storing them).
 */
final class RecordShape {

	/** Longer than a FHIR id can be (64), so no record can name this patient. */
	static final String PATIENT = "Patient/" + "stand-in-for-the-patient-".repeat(3);
	static final String TIME = "1900-01-01T00:00:00.000Z";
	static final String REQUEST = "stand-in-for-the-request-".repeat(3);

	/**
	 * Where a record's own values are: the positions of its entities naming its patient, and of its entity naming the
	 * request ({@code -1} when none).
	 */
	record Places(int[] patientEntities, int requestEntity) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Places places && Arrays.equals(patientEntities, places.patientEntities)
					&& requestEntity == places.requestEntity;
		}

		@Override
		public int hashCode() {
			return 31 * Arrays.hashCode(patientEntities) + requestEntity;
		}
	}

	/** A record's own values, in the order of its {@link Places}. */
	record Values(String[] patientReferences, String requestId, String recorded) {}

	private RecordShape() {
	}

	/**
	 * Where the record's own values are; null unless its entities name exactly one patient ({@code Patient/id}, or a
	 * version of it, any number of times), or when its time is more than a value (the stand-in would replace its id or
	 * extensions).
	 */
	static Places placesOf(AuditEvent record) {
		if (record.hasRecordedElement() && (record.getRecordedElement().hasId() || record.getRecordedElement().hasExtension())) {
			return null;
		}
		List<AuditEvent.AuditEventEntityComponent> entities = record.getEntity();
		int[] found = new int[entities.size()];
		int count = 0;
		int request = -1;
		String patient = null;
		for (int i = 0; i < entities.size(); i++) {
			AuditEvent.AuditEventEntityComponent entity = entities.get(i);
			Reference what = entity.getWhat();
			IdType named = what.hasReference() ? new IdType(what.getReference()) : null;
			if (named != null && "Patient".equals(named.getResourceType()) && named.hasIdPart() && !named.isAbsolute()) {
				if (patient != null && !patient.equals(named.getIdPart())) {
					return null;
				}
				patient = named.getIdPart();
				found[count++] = i;
			} else if (request < 0 && namesTheRequest(entity)) {
				request = i;
			}
		}
		return count == 0 ? null : new Places(Arrays.copyOf(found, count), request);
	}

	/** The record's own values at its places. */
	static Values valuesOf(AuditEvent record, Places places) {
		String[] references = Arrays.stream(places.patientEntities())
				.mapToObj(position -> whatOf(record, position).getReference()).toArray(String[]::new);
		String request = places.requestEntity() < 0 ? null
				: whatOf(record, places.requestEntity()).getIdentifier().getValue();
		return new Values(references, request,
				record.hasRecordedElement() ? record.getRecordedElement().getValueAsString() : null);
	}

	/**
	 * Runs {@code work} with the stand-ins in the record's places and its time, then puts the record back as it was
	 * ({@code own}: the record's {@link #valuesOf}).
	 */
	static <T> T withStandIns(AuditEvent record, Places places, Values own, Supplier<T> work) {
		InstantType recorded = record.hasRecordedElement() ? record.getRecordedElement() : null;
		for (int position : places.patientEntities()) {
			whatOf(record, position).setReference(PATIENT);
		}
		if (places.requestEntity() >= 0) {
			whatOf(record, places.requestEntity()).getIdentifier().setValue(REQUEST);
		}
		record.setRecordedElement(new InstantType(TIME));
		try {
			return work.get();
		} finally {
			for (int i = 0; i < places.patientEntities().length; i++) {
				whatOf(record, places.patientEntities()[i]).setReference(own.patientReferences()[i]);
			}
			if (places.requestEntity() >= 0) {
				whatOf(record, places.requestEntity()).getIdentifier().setValue(own.requestId());
			}
			record.setRecordedElement(recorded);
		}
	}

	/** Whether the text holds a stand-in (anywhere, in any form a reference or value may take). */
	static boolean namesAStandIn(String text) {
		return text != null && (text.contains(PATIENT.substring("Patient/".length())) || text.contains(REQUEST));
	}

	/** The entity BALP names the request by: its type, and the request's id as the identifier of its {@code what}. */
	private static boolean namesTheRequest(AuditEvent.AuditEventEntityComponent entity) {
		return entity.getType().is(BalpRecords.REQUEST_ID_TYPE, BalpRecords.REQUEST_ID) && !entity.getWhat().hasReference()
				&& entity.getWhat().getIdentifier().hasValue();
	}

	private static Reference whatOf(AuditEvent record, int entity) {
		return record.getEntity().get(entity).getWhat();
	}
}
