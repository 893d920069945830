package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import uk.concord.testing.ClinicLetters;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * A stored search (full text) repeated by its own caller is answered from the stored one, and never after a write or
 * for another caller. A stored search's Bundle carries its id, which is how a client could tell; the answers must be
 * what a fresh search would give. Scheduled jobs of the shared server may write between two requests, so "answered
 * from the first" is looked for over a few repeats.
 */
@EmbeddedServerTest
class StoredSearchReuseIT {

	private static final String GP = "gp-riverside";
	private static final String ED = "ed-clinician";
	private static final String OLIVERS_LETTERS = "DocumentReference?_content=Oliver&_count=1";

	FhirHttp fhir;

	@Test
	void aFullTextSearchRepeatedByItsCallerWithNothingWrittenBetweenIsAnsweredFromTheFirst() {
		assertThat(answeredFromTheFirst(fhir.as(GP), OLIVERS_LETTERS)).isTrue();
	}

	@Test
	void aRepeatedSearchFindsWhatWasWrittenSinceItWasFirstMade() {
		String word = "tracheostomy" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		String search = "DocumentReference?_content=" + word;
		Bundle before = fhir.get(search).as(Bundle.class);
		assertThat(before.getEntry()).isEmpty();

		assertThat(fhir.post("DocumentReference", "application/fhir+json", letterMentioning(word)).status())
				.isEqualTo(201);

		Bundle after = fhir.get(search).as(Bundle.class);
		assertThat(after.getEntry()).as("the letter written after the first search").hasSize(1);
		assertThat(after.getId()).isNotEqualTo(before.getId());
	}

	@Test
	void aWriteOfAnyKindEndsTheReuseOfEarlierSearches() {
		FhirHttp gp = fhir.as(GP);
		String first = gp.get(OLIVERS_LETTERS).as(Bundle.class).getId();

		// a letter of another patient, for a word no search here asks for: it changes no answer, but a server cannot
		// know which answers a write changes without searching again
		String word = "unrelated" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		assertThat(fhir.post("DocumentReference", "application/fhir+json", letterMentioning(word)).status())
				.isEqualTo(201);

		assertThat(gp.get(OLIVERS_LETTERS).as(Bundle.class).getId()).isNotEqualTo(first);
	}

	@Test
	void anotherCallersIdenticalSearchIsNeverAnsweredFromTheFirst() {
		FhirHttp gp = fhir.as(GP);
		FhirHttp ed = fhir.as(ED);
		assertThat(answeredFromTheFirst(gp, OLIVERS_LETTERS)).as("the GP's own repeat").isTrue();
		Bundle gps = gp.get(OLIVERS_LETTERS).as(Bundle.class);
		assertThat(gps.getEntry()).as("the GP cares for Oliver").isNotEmpty();

		Bundle eds = ed.get(OLIVERS_LETTERS).as(Bundle.class);
		assertThat(eds.getId()).isNotEqualTo(gps.getId());
		assertThat(eds.getEntry()).as("the emergency department cares for neither patient").isEmpty();
		assertThat(eds.getLink(Bundle.LINK_NEXT)).isNull();
		assertThat(fhir.as("patient-app").get(OLIVERS_LETTERS).as(Bundle.class).getId()).isNotEqualTo(gps.getId());
	}

	/** Whether, of a few back-to-back pairs of the search, one was answered twice by the same stored search. */
	private static boolean answeredFromTheFirst(FhirHttp caller, String search) {
		for (int attempt = 0; attempt < 5; attempt++) {
			Bundle first = caller.get(search).as(Bundle.class);
			Bundle second = caller.get(search).as(Bundle.class);
			assertThat(ids(second)).isEqualTo(ids(first));
			if (first.getId() != null && first.getId().equals(second.getId())) {
				return true;
			}
		}
		return false;
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private static String letterMentioning(String word) {
		return ClinicLetters.plainText("Patient/swan-adult", "Seen in clinic: " + word + ".");
	}
}
