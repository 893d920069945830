package uk.concord.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

class BesideTheSharedServersTest {

	private static final List<Class<?>> BESIDE = ReflectionSupport.findAllClassesInPackage("uk.concord",
			type -> !Modifier.isAbstract(type.getModifiers())
					&& AnnotationSupport.isAnnotated(type, BesideTheSharedServers.class),
			name -> true);

	@Test
	void theClassesThatRunBesideTheSharedServersAreTheFiveWhoseServersAreJvmsOfTheirOwn() {
		assertThat(BESIDE).extracting(Class::getSimpleName).containsExactlyInAnyOrder(
				"ClassDataArchiveIT", "ClusterIT", "EmbeddedDurabilityIT", "NhsNumberUniquenessOnTwoNodesIT",
				"PostgresDurabilityIT");
	}

	/** Without a lock, JUnit would run a class's tests at once, though they share its servers. */
	@Test
	void eachOfThemHoldsALockSoThatItsOwnTestsRunOneAfterAnother() {
		assertThat(BESIDE).allSatisfy(type -> assertThat(AnnotationSupport.findRepeatableAnnotations(type, ResourceLock.class))
				.as("the locks of %s", type.getSimpleName()).isNotEmpty());
	}
}
