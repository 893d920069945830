package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.testing.EmbeddedServerTest;

/**
 * The server's own searches that must see every match (the organisations' care relationships, the review reminders)
 * read them a page at a time: all of them, none deleted before its page is read, and no further than asked.
 */
@EmbeddedServerTest
class SearchInPagesIT {

	private static final String SYSTEM = "urn:concord:test:search-in-pages";

	@Autowired
	DaoRegistry daos;
	@Autowired
	SearchBuilderFactory<JpaPid> builders;
	@Autowired
	IHapiTransactionService transactions;
	@Autowired
	JpaStorageSettings settings;
	@Autowired
	IIdHelperService<JpaPid> identities;

	private SearchInPages pagesOfThree;
	private String batch;
	private List<String> stored7;

	@BeforeEach
	void sevenOrganisationsWithOneIdentifier() {
		pagesOfThree = new SearchInPages(daos, builders, transactions, identities, 3);
		batch = UUID.randomUUID().toString();
		stored7 = IntStream.range(0, 7).mapToObj(i -> create(new Organization().setName("Org " + i)
				.addIdentifier(new Identifier().setSystem(SYSTEM).setValue(batch)))).toList();
	}

	@Test
	void everyMatchIsReadInPagesEvenBeyondHapisLimitForASearchForKeys() {
		int limit = settings.getInternalSynchronousSearchSize();
		settings.setInternalSynchronousSearchSize(2);
		List<Integer> sizes = new ArrayList<>();
		List<String> found = new ArrayList<>();
		try {
			boolean complete = pagesOfThree.forEachPage("Organization", sameBatch(), () -> false, page -> {
				sizes.add(page.size());
				page.forEach(resource -> found.add(resource.getIdElement().getIdPart()));
			});
			assertThat(complete).isTrue();
		} finally {
			settings.setInternalSynchronousSearchSize(limit);
		}
		assertThat(found).containsExactlyInAnyOrderElementsOf(stored7);
		assertThat(sizes).containsExactly(3, 3, 1);
	}

	@Test
	void aResourceDeletedBeforeItsPageIsReadIsLeftOut() {
		List<String> found = new ArrayList<>();
		pagesOfThree.forEachPage("Organization", sameBatch(), () -> false, page -> {
			if (found.isEmpty()) {
				// the later pages are read after this: whatever they would have held is deleted now
				stored7.stream().filter(id -> page.stream().noneMatch(r -> r.getIdElement().getIdPart().equals(id)))
						.forEach(id -> daos.getResourceDao(Organization.class)
								.delete(new IdType("Organization", id), new SystemRequestDetails()));
			}
			page.forEach(resource -> found.add(resource.getIdElement().getIdPart()));
		});

		assertThat(found).hasSize(3).allMatch(stored7::contains);
	}

	@Test
	void readingStopsBeforeTheNextPageWhenAsked() {
		List<List<IBaseResource>> pages = new ArrayList<>();

		boolean complete = pagesOfThree.forEachPage("Organization", sameBatch(), () -> !pages.isEmpty(), pages::add);

		assertThat(complete).isFalse();
		assertThat(pages).singleElement().satisfies(page -> assertThat(page).hasSize(3));
	}

	@Test
	void allReturnsEveryMatchAndNothingElse() {
		create(new Organization().setName("Another batch")
				.addIdentifier(new Identifier().setSystem(SYSTEM).setValue("other " + batch)));

		List<IBaseResource> all = pagesOfThree.all("Organization", sameBatch());

		assertThat(all).extracting(resource -> resource.getIdElement().getIdPart())
				.containsExactlyInAnyOrderElementsOf(stored7);
	}

	@Test
	void aPageHoldsEachResourceAsItIsWhenThePageIsRead() {
		String first = stored7.get(0);
		pagesOfThree.forEachPage("Organization", sameBatch(), () -> false, page -> {
			if (page.stream().noneMatch(r -> r.getIdElement().getIdPart().equals(first))) {
				return;
			}
			Organization read = page.stream().map(Organization.class::cast)
					.filter(r -> r.getIdElement().getIdPart().equals(first)).findFirst().orElseThrow();
			assertThat(read.getIdElement().getResourceType()).isEqualTo("Organization");
			assertThat(read.getMeta().getVersionId()).isEqualTo("1");
			assertThat(read.getName()).isEqualTo("Org 0");
		});
		Organization renamed = (Organization) daos.getResourceDao(Organization.class)
				.read(new IdType("Organization", first), new SystemRequestDetails());
		daos.getResourceDao(Organization.class).update(renamed.setName("Renamed"), new SystemRequestDetails());

		assertThat(pagesOfThree.all("Organization", sameBatch())).map(Organization.class::cast)
				.filteredOn(r -> r.getIdElement().getIdPart().equals(first)).singleElement()
				.satisfies(r -> {
					assertThat(r.getName()).isEqualTo("Renamed");
					assertThat(r.getMeta().getVersionId()).isEqualTo("2");
				});
	}

	@Test
	void theCallersSearchIsLeftAsItWas() {
		SearchParameterMap criteria = sameBatch();

		pagesOfThree.all("Organization", criteria);

		assertThat(criteria.getLoadSynchronousUpTo()).isNull();
	}

	@Test
	void onlyTheMatchesWhoseIdsAreAcceptedAreLoadedPageByPage() {
		List<String> accepted = List.of(stored7.get(2), stored7.get(6));
		List<Integer> sizes = new ArrayList<>();
		List<String> found = new ArrayList<>();

		boolean complete = pagesOfThree.forEachPageOf("Organization", sameBatch(), accepted::contains, () -> false,
				page -> {
					sizes.add(page.size());
					page.forEach(resource -> found.add(resource.getIdElement().getIdPart()));
				});

		assertThat(complete).isTrue();
		assertThat(found).containsExactlyInAnyOrderElementsOf(accepted);
		assertThat(sizes).hasSize(3).allMatch(size -> size <= 2);
		assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
	}

	@Test
	void existingNamesTheIdsThatExistNowAndNoOthers() {
		daos.getResourceDao(Organization.class).delete(new IdType("Organization", stored7.get(1)),
				new SystemRequestDetails());

		Set<String> found = pagesOfThree.existing("Organization",
				List.of(stored7.get(0), stored7.get(1), "no-such-organisation"));

		assertThat(found).containsExactly(stored7.get(0));
		assertThat(pagesOfThree.existing("Organization", List.of())).isEmpty();
		assertThat(pagesOfThree.existing("Patient", List.of(stored7.get(0)))).isEmpty();
	}

	private SearchParameterMap sameBatch() {
		return SearchParameterMap.newSynchronous().add("identifier", new TokenParam(SYSTEM, batch));
	}

	private String create(Organization organisation) {
		return daos.getResourceDao(Organization.class).create(organisation, new SystemRequestDetails())
				.getId().getIdPart();
	}
}
