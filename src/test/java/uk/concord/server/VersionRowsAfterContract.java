package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.concord.server.StoredResources.Mark;
import uk.concord.server.StoredResources.Newer;
import uk.concord.server.StoredResources.VersionRow;

/**
 * Reading the version rows written since a mark is exact or says it is not: a write that took its key first but
 * committed after a later one (two requests at once) is still found, and one that cannot be placed makes the read
 * incomplete rather than silently short. What keeps an access decision up to date relies on this. Subclasses choose
 * the database; the tests are the same.
 */
abstract class VersionRowsAfterContract {

	private static final List<String> TYPES = List.of("Organization");

	@Autowired
	EntityManagerFactory entityManagerFactory;
	@Autowired
	PlatformTransactionManager transactions;
	@Autowired
	DaoRegistry daos;

	@Test
	void aWriteCommittedAfterALaterOneIsFoundByTheNextRead() throws Exception {
		StoredResources rows = new StoredResources(entityManagerFactory, Optional.empty());
		Mark start = rows.versionRowsAfter(Mark.START, TYPES).mark();

		try (Held slow = new Held()) {
			String fast = create("fast");
			Newer between = rows.versionRowsAfter(start, TYPES);
			assertThat(between.complete()).isTrue();
			assertThat(between.rows()).extracting(VersionRow::id).containsExactly(fast);

			slow.commit();
			Newer after = rows.versionRowsAfter(between.mark(), TYPES);
			assertThat(after.complete()).isTrue();
			assertThat(after.rows()).extracting(VersionRow::id).containsExactly(slow.id);
			assertThat(after.rows().get(0).key()).as("the slow write took its key first")
					.isLessThan(between.rows().get(0).key());

			assertThat(rows.versionRowsAfter(after.mark(), TYPES).rows()).as("nothing written since").isEmpty();
		}
	}

	@Test
	void aWriteThatAppearsBelowWhatIsReadAgainMakesTheReadIncomplete() throws Exception {
		// reading no keys again below the highest: the slow write's row appears where nothing is read
		StoredResources rows = new StoredResources(entityManagerFactory, Optional.empty(), 0);
		Mark start = rows.versionRowsAfter(Mark.START, TYPES).mark();
		assertThat(rows.versionRowsAfter(Mark.START, TYPES).complete()).as("a first read places nothing").isFalse();

		try (Held slow = new Held()) {
			create("fast");
			Newer between = rows.versionRowsAfter(start, TYPES);
			assertThat(between.complete()).isTrue();

			slow.commit();
			Newer after = rows.versionRowsAfter(between.mark(), TYPES);
			assertThat(after.complete()).isFalse();
			assertThat(after.rows()).isEmpty();
			// the mark it returns counts the slow write: reading on from it is exact again
			create("later");
			assertThat(rows.versionRowsAfter(after.mark(), TYPES).complete()).isTrue();
		}
	}

	private String create(String name) {
		return daos.getResourceDao(Organization.class).create(organisation(name), new SystemRequestDetails())
				.getId().getIdPart();
	}

	private static Organization organisation(String name) {
		return new Organization().setName(name + " " + UUID.randomUUID());
	}

	/** An Organization created in a transaction that stays open (its key taken) until {@link #commit}. */
	private final class Held implements AutoCloseable {
		private final CountDownLatch created = new CountDownLatch(1);
		private final CountDownLatch release = new CountDownLatch(1);
		private final CompletableFuture<Void> done;
		private volatile String id;

		Held() throws InterruptedException {
			done = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
				id = create("slow");
				created.countDown();
				try {
					release.await(60, TimeUnit.SECONDS);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}));
			assertThat(created.await(60, TimeUnit.SECONDS)).isTrue();
		}

		void commit() throws Exception {
			release.countDown();
			done.get(60, TimeUnit.SECONDS);
		}

		@Override
		public void close() {
			release.countDown();
		}
	}
}
