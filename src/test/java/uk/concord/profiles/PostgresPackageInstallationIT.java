package uk.concord.profiles;

import uk.concord.testing.PostgresServerTest;

/** The package's installation on the {@code postgres} profile, against a real PostgreSQL server. */
@PostgresServerTest
class PostgresPackageInstallationIT extends PackageInstallationContract {}
