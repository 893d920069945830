package uk.concord.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests only when the test PostgreSQL server answers. Outside CI an absent server skips them with
 * a message; with {@code CI=true} they always run, so a missing database fails the build instead of hiding.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresAvailableCondition.class)
public @interface EnabledIfPostgresAvailable {}
