package uk.concord.server;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/** What a server holds of the shared records {@link TransactionLoad} sent, found by business identifiers and words. */
final class StoredRecords {

	private final FhirHttp fhir;

	StoredRecords(FhirHttp fhir) {
		this.fhir = fhir;
	}

	/** How many of a record's eight resources the database holds (0 or 8 when transactions are atomic). */
	int resourcesOf(String nhsNumber) {
		String ids = SharedRecord.RECORD_IDS + "|" + nhsNumber;
		List<String> searches = List.of(
				"Organization?identifier=" + SharedRecord.ODS + "|" + SharedRecord.odsCodeOf(nhsNumber),
				"Practitioner?identifier=" + SharedRecord.SDS_USER + "|10" + nhsNumber,
				"Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber,
				"Condition?identifier=" + ids + "-condition",
				"CareTeam?identifier=" + ids + "-neuromuscular",
				"CareTeam?identifier=" + ids + "-community",
				"CarePlan?identifier=" + ids + "-plan",
				"DocumentReference?identifier=" + ids + "-letter");
		return searches.stream().mapToInt(this::found).sum();
	}

	/** How many of the record's care plan and letter {@code _content} finds by the record's own word (0 to 2). */
	int foundByContent(String word) {
		return found("CarePlan?_content=" + word) + found("DocumentReference?_content=" + word);
	}

	private int found(String search) {
		FhirHttp.Response response = fhir.get(search);
		if (response.status() != 200) {
			throw new IllegalStateException(search + " answered " + response.status() + ": " + response.body());
		}
		return response.as(Bundle.class).getEntry().size();
	}
}
