package uk.concord.server;

import java.time.Duration;
import org.springframework.retry.RetryListener;

/**
 * How HAPI's in-JVM channels retry a message whose handler failed (a REST-hook delivery the receiver refused): wait
 * {@code firstRetryAfter}, then half as long again each time, until {@code giveUpAfter} has passed. A feature that
 * delivers messages supplies one as a bean; {@code whenRetrying} hears each attempt and the giving up.
 */
public record DeliveryRetryPolicy(Duration firstRetryAfter, Duration giveUpAfter, RetryListener whenRetrying) {}
