package uk.concord.server;

import uk.concord.testing.EmbeddedServerTest;

/** Version rows read after a mark on the embedded default (H2). */
@EmbeddedServerTest
class EmbeddedVersionRowsAfterIT extends VersionRowsAfterContract {}
