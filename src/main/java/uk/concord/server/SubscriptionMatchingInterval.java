package uk.concord.server;

import java.time.Duration;

/**
 * How often HAPI takes the changes queued in the database to be matched against Subscriptions (its clustered job;
 * every 5 s without one). A feature that offers Subscriptions supplies one as a bean: it bounds how long a team
 * system waits between a commit and its notification.
 */
public record SubscriptionMatchingInterval(Duration every) {}
