package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The writes a server counts for itself, and the databases on which that count is the whole story. */
class CommittedWritesTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private final CommittedWrites writes = new CommittedWrites(FHIR);

	@AfterEach
	void endTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
		TransactionSynchronizationManager.unbindResourceIfPossible(CommittedWrites.class);
	}

	@Test
	void aWriteCountsOnlyOnceItsTransactionHasCommitted() {
		TransactionSynchronizationManager.initSynchronization();
		writes.created(new CareTeam());
		writes.updated(new Consent(), new Consent());

		assertThat(writes.of(List.of("CareTeam", "Consent"))).isZero();
		complete(TransactionSynchronization.STATUS_COMMITTED);

		assertThat(writes.of(List.of("CareTeam", "Consent"))).isEqualTo(2);
		assertThat(writes.of(List.of("CareTeam"))).isEqualTo(1);
	}

	@Test
	void aRolledBackWriteIsNotCounted() {
		TransactionSynchronizationManager.initSynchronization();
		writes.deleted(new Consent());
		complete(TransactionSynchronization.STATUS_ROLLED_BACK);

		assertThat(writes.of(List.of("Consent"))).isZero();
	}

	@Test
	void writesOfOtherTypesDoNotChangeTheCountOfThese() {
		TransactionSynchronizationManager.initSynchronization();
		writes.created(new Patient());
		complete(TransactionSynchronization.STATUS_COMMITTED);

		assertThat(writes.of(List.of("CareTeam", "Consent", "Organization"))).isZero();
		assertThat(writes.of(List.of("Patient"))).isEqualTo(1);
	}

	@Test
	void theCountOfAllWritesGrowsWithEachCommittedWriteOfAnyType() {
		TransactionSynchronizationManager.initSynchronization();
		writes.created(new Patient());
		writes.updated(new Consent(), new Consent());
		complete(TransactionSynchronization.STATUS_COMMITTED);
		TransactionSynchronizationManager.initSynchronization();
		writes.deleted(new CareTeam());
		complete(TransactionSynchronization.STATUS_ROLLED_BACK);

		assertThat(writes.all()).isEqualTo(2);
	}

	/**
	 * Stored searches are kept under this mark and outlive the process, while the count begins again at each start:
	 * a search stored at some count before a restart must not be taken for one made at that count after it.
	 */
	@Test
	void theMarkOfTheWritesChangesWithEachCommittedWriteAndDiffersBetweenTwoStartsAtTheSameCount() {
		StoredResources beforeRestart = new StoredResources(null, Optional.of(new CommittedWrites(FHIR)));
		StoredResources afterRestart = new StoredResources(null, Optional.of(new CommittedWrites(FHIR)));
		StoredResources ownWrites = new StoredResources(null, Optional.of(writes));
		String before = ownWrites.writesMark().orElseThrow();
		TransactionSynchronizationManager.initSynchronization();
		writes.created(new Patient());
		complete(TransactionSynchronization.STATUS_COMMITTED);

		assertThat(beforeRestart.writesMark()).isNotEqualTo(afterRestart.writesMark());
		assertThat(ownWrites.writesMark().orElseThrow()).isNotEqualTo(before);
		assertThat(ownWrites.writesMark()).isEqualTo(ownWrites.writesMark());
		assertThat(new StoredResources(null, Optional.empty()).writesMark()).as("a shared database").isEmpty();
	}

	/** A search stored before the full-text index got back documents it had lost would miss them if reused. */
	@Test
	void theMarkOfTheWritesChangesWhenTheFullTextIndexIsGivenBackWhatItLost() {
		StoredResources stored = new StoredResources(null, Optional.of(writes));
		String before = stored.writesMark().orElseThrow();

		stored.indexedAgain();

		assertThat(stored.writesMark().orElseThrow()).isNotEqualTo(before);
		assertThat(stored.writesMark()).isEqualTo(stored.writesMark());
	}

	@Test
	void storedSearchesAreReusedOnlyWhereThisServerSeesEveryWrite() {
		assertThat(StorageSettingsFactory.create(true).getReuseCachedSearchResultsForMillis()).isEqualTo(60_000L);
		assertThat(StorageSettingsFactory.create(false).getReuseCachedSearchResultsForMillis()).isNull();
	}

	/** What Spring does when a transaction ends: after-commit (when it committed), then after-completion. */
	private static void complete(int status) {
		List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
		if (status == TransactionSynchronization.STATUS_COMMITTED) {
			synchronizations.forEach(TransactionSynchronization::afterCommit);
		}
		synchronizations.forEach(s -> s.afterCompletion(status));
		TransactionSynchronizationManager.clearSynchronization();
	}
}
