package uk.concord.coordination;

import uk.concord.testing.PostgresServerTest;

/** The same deliveries on the {@code postgres} profile, against a real PostgreSQL server. */
@PostgresServerTest
class PostgresSubscriptionsIT extends SubscriptionDeliveryContract {}
