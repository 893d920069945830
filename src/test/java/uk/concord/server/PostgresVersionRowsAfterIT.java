package uk.concord.server;

import uk.concord.testing.PostgresServerTest;

/** Version rows read after a mark on PostgreSQL, where writes of several nodes commit in any order. */
@PostgresServerTest
class PostgresVersionRowsAfterIT extends VersionRowsAfterContract {}
