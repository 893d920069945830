package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The query string a client's search is stored and looked up under, which decides whose searches are reused. */
class SearchPageOwnerTest {

	private static final Caller GP = caller("gp-riverside", "Y90001");
	private static final Caller ED = caller("ed-clinician", "RRK");

	@Test
	void aSearchIsKeptUnderItsQueryTheWritesBeforeItAndItsCaller() {
		String stored = SearchPageOwner.ownersQuery("_content=Oliver", Optional.of("start.7"), GP);

		assertThat(stored).isEqualTo(SearchPageOwner.ownersQuery("_content=Oliver", Optional.of("start.7"), GP));
		assertThat(stored).startsWith("_content=Oliver").endsWith(SearchPageOwner.owner(GP));
	}

	@Test
	void anotherCallerAWriteSinceOrAnotherQueryLooksUpAnotherString() {
		String stored = SearchPageOwner.ownersQuery("_content=Oliver", Optional.of("start.7"), GP);

		assertThat(SearchPageOwner.ownersQuery("_content=Oliver", Optional.of("start.7"), ED)).isNotEqualTo(stored);
		assertThat(SearchPageOwner.ownersQuery("_content=Oliver", Optional.of("start.8"), GP)).isNotEqualTo(stored);
		assertThat(SearchPageOwner.ownersQuery("_content=Olive", Optional.of("start.7"), GP)).isNotEqualTo(stored);
		assertThat(SearchPageOwner.ownersQuery("_content=Oliver", Optional.empty(), GP)).isNotEqualTo(stored);
	}

	@Test
	void concordsOwnSearchesAreNeverLookedUpForReuse() {
		SearchPageOwner owner = new SearchPageOwner(null, null);

		assertThat(owner.reusedOnlyForClients(new SystemRequestDetails())).isFalse();
		assertThat(owner.reusedOnlyForClients(null)).isFalse();
	}

	private static Caller caller(String client, String organisation) {
		return new Caller(client, client, null, organisation, null, SmartScopes.parse(List.of("user/*.rs")), null);
	}
}
