package uk.concord.audit;

import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamString;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamUri;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.PathAndRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;

/**
 * The values an audit record is found by, one per search parameter value: HAPI's own search parameter extraction (so
 * each AuditEvent parameter means what it means for every other type), less what HAPI would hash and store besides.
 * Tokens keep system and code; references their {@code Type/id}; strings their normalised form for prefix searches
 * and their exact form for {@code :exact}; {@code date} is the record's own column. A token's display text is not
 * kept: {@code :text} does not search audit records.
 * <p>
 * HAPI's extraction also hashes every value for tables these records never reach; records alike but for their patient
 * and time ({@link RecordShape}) are extracted once, the last one's values reused with each record's own patient.
 */
final class AuditIndexValues {

	static final String PROFILE = "_profile";
	static final String TAG = "_tag";
	static final String SECURITY = "_security";
	private static final int MAX = 768;

	/**
	 * One value: for strings, {@code system} holds the exact text and {@code value} the normalised one. A reference
	 * ({@code own}) is the record's own; every other value is one that records share ({@link AuditShapes}).
	 */
	record Value(String param, String system, String value, boolean own) {}

	private final ISearchParamExtractor extractor;
	/** The last record naming one patient, with the stand-ins, and its values (null when they cannot be reused). */
	private AuditEvent lastShape;
	private List<Value> lastShapeValues;
	/** How many records' values were extracted with the stand-ins (for the test that they are reused). */
	private long extractions;

	AuditIndexValues(ISearchParamExtractor extractor) {
		this.extractor = extractor;
	}

	/** Synchronized for the last record kept; in practice only the audit writer asks. */
	synchronized List<Value> of(AuditEvent record) {
		RecordShape.Places places = RecordShape.placesOf(record);
		if (places == null) {
			return extracted(record);
		}
		RecordShape.Values own = RecordShape.valuesOf(record, places);
		List<Value> shape = RecordShape.withStandIns(record, places, own, () -> valuesOfShape(record));
		if (shape == null) {
			return extracted(record);
		}
		String named = new IdType(own.patientReferences()[0]).toUnqualifiedVersionless().getValue();
		return shape.stream()
				.map(value -> RecordShape.PATIENT.equals(value.value()) ? new Value(value.param(), value.system(), named, value.own()) : value)
				.distinct()
				.toList();
	}

	/**
	 * The values of a record with the stand-ins: the last one's when alike, else extracted. Null when a stand-in shows
	 * in them otherwise than as the patient's whole reference (its own record could not be told from it then).
	 */
	private List<Value> valuesOfShape(AuditEvent record) {
		if (lastShape == null || !lastShape.equalsDeep(record)) {
			// copied first: HAPI's extraction leaves empty elements behind, which equalsDeep does not overlook
			AuditEvent shape = record.copy();
			List<Value> values = extracted(record);
			extractions++;
			boolean reusable = values.stream().allMatch(value -> RecordShape.PATIENT.equals(value.value())
					|| !RecordShape.namesAStandIn(value.value()) && !RecordShape.namesAStandIn(value.system()));
			lastShape = reusable ? shape : null;
			lastShapeValues = reusable ? values : null;
		}
		return lastShapeValues;
	}

	synchronized long extractions() {
		return extractions;
	}

	/** HAPI's extraction each time (what {@link #of} must give; its test compares the two). */
	List<Value> extracted(AuditEvent record) {
		Set<Value> values = new LinkedHashSet<>();
		extractor.extractSearchParamTokens(record).forEach(index -> {
			if (index instanceof ResourceIndexedSearchParamToken token && token.getValue() != null) {
				add(values, token.getParamName(), token.getSystem(), token.getValue(), false);
			}
		});
		for (ResourceIndexedSearchParamString string : extractor.extractSearchParamStrings(record)) {
			add(values, string.getParamName(), string.getValueExact(), string.getValueNormalized(), false);
		}
		for (ResourceIndexedSearchParamUri uri : extractor.extractSearchParamUri(record)) {
			add(values, uri.getParamName(), null, uri.getUri(), false);
		}
		for (PathAndRef link : extractor.extractResourceLinks(record, false)) {
			IIdType target = link.getRef() == null ? null : link.getRef().getReferenceElement();
			if (target != null && target.hasResourceType() && target.hasIdPart() && !target.isLocal()) {
				add(values, link.getSearchParamName(), null, target.toUnqualifiedVersionless().getValue(), true);
			}
		}
		for (CanonicalType profile : record.getMeta().getProfile()) {
			add(values, PROFILE, null, profile.getValue(), false);
		}
		for (Coding tag : record.getMeta().getTag()) {
			add(values, TAG, tag.getSystem(), tag.getCode(), false);
		}
		for (Coding label : record.getMeta().getSecurity()) {
			add(values, SECURITY, label.getSystem(), label.getCode(), false);
		}
		return new ArrayList<>(values);
	}

	private static void add(Set<Value> values, String param, String system, String value, boolean own) {
		if (value != null && !value.isEmpty()) {
			values.add(new Value(param, truncate(system), truncate(value), own));
		}
	}

	private static String truncate(String text) {
		return text == null || text.length() <= MAX ? text : text.substring(0, MAX);
	}
}
