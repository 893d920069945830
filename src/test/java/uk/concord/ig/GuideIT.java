package uk.concord.ig;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/** A person reading the implementation guide in a browser at /ig/. */
@EmbeddedServerTest
class GuideIT {

	FhirHttp http;

	FhirHttp.Response page(String path) {
		return http.getAny(http.root() + "/ig/" + path);
	}

	@Test
	void indexListsThePagesProfilesAndExamples() {
		FhirHttp.Response index = page("");

		assertThat(index.status()).isEqualTo(200);
		assertThat(index.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
		assertThat(index.body())
				.contains("coordinated care for people with rare conditions")
				.contains("href=\"/ig/StructureDefinition-CoordinatedCareTeam.html\"")
				.contains("href=\"/ig/examples/Patient-dmd-child.html\"")
				.contains("href=\"/ig/counter-examples/CareTeam-fail-care-team-two-coordinators.html\"");
	}

	@Test
	void pagesLinkToEachOtherAsHtml() {
		FhirHttp.Response index = page("index.html");

		assertThat(index.body()).contains("href=\"profile-rare-disease-patient.html\"");
		assertThat(page("profile-rare-disease-patient.html").status()).isEqualTo(200);
	}

	@Test
	void profilePageShowsItsRulesInWordsAndItsElements() {
		FhirHttp.Response team = page("StructureDefinition-CoordinatedCareTeam.html");

		assertThat(team.status()).isEqualTo(200);
		assertThat(team.body())
				.contains("concord-one-coordinator")
				.contains("must have exactly one current care coordinator")
				.contains("CareTeam.participant.role")
				.contains("required: https://fhir.concord.org.uk/ValueSet/care-team-role");
	}

	@Test
	void examplesAreShownAsFhirJson() {
		FhirHttp.Response example = page("examples/Patient-dmd-child.html");

		assertThat(example.status()).isEqualTo(200);
		assertThat(example.body()).contains("&quot;resourceType&quot;: &quot;Patient&quot;").contains("9434765919");
	}

	@Test
	void unknownPagesAndPathTricksGive404() {
		assertThat(page("no-such-page.html").status()).isEqualTo(404);
		assertThat(page("StructureDefinition-Nope.html").status()).isEqualTo(404);
		assertThat(page("..%2F..%2Fapplication.yaml.html").status()).isIn(400, 404);
	}
}
