package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.dao.data.IMdmLinkJpaRepository;
import ca.uhn.fhir.jpa.dao.data.IResourceTableDao;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.data.repository.Repository;
import uk.concord.testing.EmbeddedServerTest;

/**
 * HAPI's Spring Data repositories are made when first called, not at start-up (where making one parses every query
 * it declares), and work as before when called.
 */
@EmbeddedServerTest
class RepositoriesOnFirstUseIT {

	@Autowired
	ConfigurableListableBeanFactory beans;

	@Autowired
	IResourceTableDao resources;

	@Test
	void everyRepositoryOfHapisIsMadeOnFirstUse() {
		List<String> repositories = Arrays.asList(beans.getBeanNamesForType(Repository.class, true, false));

		assertThat(repositories).hasSizeGreaterThan(50);
		assertThat(repositories).allSatisfy(name ->
				assertThat(beans.getBeanDefinition(name).isLazyInit()).as(name + " is lazy").isTrue());
	}

	@Test
	void aRepositoryNothingCallsIsNeverMade() {
		// MDM (HAPI's master data management) is not switched on in Concord, so nothing calls its link repository
		String[] names = beans.getBeanNamesForType(IMdmLinkJpaRepository.class, true, false);

		assertThat(names).hasSize(1);
		assertThat(beans.containsSingleton(names[0])).as("MDM's link repository has been made").isFalse();
	}

	@Test
	void anInjectedRepositoryAnswersFromTheDatabase() {
		// the package's conformance resources are stored at start-up
		assertThat(resources.count()).isPositive();
	}
}
