package uk.concord.server;

import uk.concord.testing.EmbeddedServerTest;

/** The core FHIR behaviour on the embedded default: H2 file database and Lucene. */
@EmbeddedServerTest
class EmbeddedCoreFhirApiIT extends CoreFhirApiContract {}
