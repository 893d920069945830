package uk.concord.profiles;

import uk.concord.testing.EmbeddedServerTest;

/** The package's installation on the embedded default (H2 file). */
@EmbeddedServerTest
class EmbeddedPackageInstallationIT extends PackageInstallationContract {}
