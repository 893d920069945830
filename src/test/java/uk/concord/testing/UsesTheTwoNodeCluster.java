package uk.concord.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that takes the run's {@link TwoNodeCluster} as a parameter of its {@code @BeforeAll} method: it runs
 * beside the shared servers, never at the same time as another class of the cluster (a node's restart would fail the
 * other's requests), and the last of them to finish stops the cluster.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TwoNodeCluster.Shared.class)
@BesideTheSharedServers
@ResourceLock(TwoNodeCluster.LOCK)
public @interface UsesTheTwoNodeCluster {
}
