package uk.concord.profiles;

import org.hl7.fhir.r4.model.Resource;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.GuideFiles;

/** A guide example as a new resource (no id), for tests that change one thing in a known-good record. */
final class GuideExamples {

	private GuideExamples() {}

	static <T extends Resource> T copyOf(String file, Class<T> type) {
		T resource = FhirHttp.R4.newJsonParser().parseResource(type, GuideFiles.read(GuideFiles.EXAMPLES.resolve(file)));
		resource.setId((String) null);
		return resource;
	}

	static String json(Resource resource) {
		return FhirHttp.R4.newJsonParser().encodeResourceToString(resource);
	}
}
