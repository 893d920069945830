package uk.concord.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A test class whose servers are JVMs of their own ({@link ConcordProcess}): it runs beside the classes that share
 * the test JVM's Spring contexts, which run one after another. A server's start keeps about one core busy for most of
 * a minute, so on 2 cores the two kinds of test overlap well (failsafe's JUnit settings in pom.xml allow two at once).
 * Such a class must not share a folder, database or port with another class, and it must hold a lock
 * ({@code @ResourceLock}): JUnit then runs its tests one after another, as they share its servers (without a lock, this
 * annotation would run them at once too). Its own name is its lock; classes that share a server hold that server's
 * ({@link TwoNodeCluster#LOCK}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Execution(ExecutionMode.CONCURRENT)
@ExtendWith(AwaitOwnFailuresOnly.class)
public @interface BesideTheSharedServers {
}
