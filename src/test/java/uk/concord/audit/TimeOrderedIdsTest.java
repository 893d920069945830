package uk.concord.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ids new audit records get: UUIDs that sort by the time they were made. */
class TimeOrderedIdsTest {

	@Test
	void anIdIsAVersion7UuidCarryingItsMillisecond() {
		long millis = 1_764_892_800_123L;
		UUID id = TimeOrderedIds.at(millis, -1L, -1L);

		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
		assertThat(UUID.fromString(id.toString())).isEqualTo(id);
	}

	@Test
	void idsMadeInALaterMillisecondSortAfterEarlierOnesAsText() {
		List<String> ids = new ArrayList<>();
		for (long millis = 1_764_892_800_000L; millis < 1_764_892_800_000L + 2_000; millis += 7) {
			// the largest random bits in the earlier id, the smallest in the later: time still decides
			ids.add(TimeOrderedIds.at(millis, millis % 2 == 0 ? -1L : 0L, millis % 2 == 0 ? -1L : 0L).toString());
		}

		assertThat(ids).isSorted();
	}

	@Test
	void idsMadeInTheSameMillisecondDifferByTheirRandomBits() {
		HashSet<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(TimeOrderedIds.next());
		}

		assertThat(ids).hasSize(10_000);
	}
}
