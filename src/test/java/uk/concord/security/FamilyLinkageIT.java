package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * Brothers with the same genetic condition are linked by a family Group (demo: dmd-family, Oliver and James
 * Bennett), and each record lists its own family contacts (RelatedPerson). Access never flows along the link: each
 * brother's record stays his, and the Group is for system/ tokens only.
 */
@EmbeddedServerTest
class FamilyLinkageIT {

	FhirHttp fhir;
	SignInFlow browser;

	@BeforeEach
	void newBrowser() {
		browser = new SignInFlow(fhir.root());
	}

	@Test
	void theFamilyGroupLinksTheBrothersForSystemClients() {
		Group family = fhir.get("Group/dmd-family").as(Group.class);

		assertThat(family.getMember()).extracting(member -> member.getEntity().getReference())
				.containsExactlyInAnyOrder("Patient/dmd-child", "Patient/dmd-sibling");
	}

	@Test
	void aYoungPersonCannotReadTheirBrothersRecordNorTheFamilyGroup() {
		FhirHttp james = fhir.as("james-app");
		assertThat(james.get("Patient/dmd-sibling").status()).isEqualTo(200);

		FhirHttp.Response brother = james.get("Patient/dmd-child");
		assertThat(brother.status()).isIn(403, 404);
		assertThat(brother.body()).doesNotContain("Oliver");
		assertThat(james.get("Condition?subject=Patient/dmd-child").body()).doesNotContain("dmd-condition");
		assertThat(james.get("Condition").body()).contains("dmd-sibling-condition").doesNotContain("\"dmd-condition\"");
		assertRefusesTheGroup(james);
		assertThat(james.get("Patient/dmd-sibling/$everything").body()).doesNotContain("dmd-family").doesNotContain("dmd-child");
		assertThat(james.get("Patient?_revinclude=Group:member").body()).doesNotContain("dmd-family").doesNotContain("dmd-child");
	}

	@Test
	void aCarerSeesTheFamilyContactsOfTheirOwnChildOnlyAndNotTheSiblingsRecord() throws Exception {
		String claire = browser.signIn(AuthorizationCodeIT.PARENT_SCOPES, "claire", "claire-password", fhir.base())
				.get("access_token").asText();

		Bundle contacts = read(claire, "RelatedPerson?patient=Patient/dmd-child").as(Bundle.class);
		assertThat(contacts.getEntry()).extracting(entry -> ((RelatedPerson) entry.getResource()).getNameFirstRep().getGivenAsSingleString())
				.contains("Claire", "James").doesNotContain("Mark");
		assertThat(read(claire, "RelatedPerson?patient=Patient/dmd-sibling").body()).doesNotContain("Mark");
		FhirHttp.Response sibling = read(claire, "Patient/dmd-sibling");
		assertThat(sibling.status()).isIn(403, 404);
		assertThat(sibling.body()).doesNotContain("James");
		assertThat(read(claire, "Condition?subject=Patient/dmd-sibling").body()).doesNotContain("dmd-sibling-condition");
		// James is in Oliver's record as a contact (RelatedPerson/dmd-child-brother), never with his own record
		assertThat(read(claire, "Patient/dmd-child/$everything").body()).doesNotContain("dmd-sibling").doesNotContain("dmd-family");
		FhirHttp.Response group = read(claire, "Group?member=Patient/dmd-child&_include=Group:member");
		assertThat(group.status()).isEqualTo(403);
		assertThat(group.body()).doesNotContain("James");
	}

	@Test
	void aClinicianCannotListAFamilyEither() {
		assertRefusesTheGroup(fhir.as("care-coordinator"));
	}

	private static void assertRefusesTheGroup(FhirHttp caller) {
		FhirHttp.Response read = caller.get("Group/dmd-family");
		assertThat(read.status()).isIn(403, 404);
		assertThat(read.body()).doesNotContain("dmd-sibling").contains("Group");
		FhirHttp.Response search = caller.get("Group?member=Patient/dmd-sibling");
		assertThat(search.status()).isEqualTo(403);
		assertThat(search.body()).doesNotContain("dmd-child").contains("only system/ tokens");
	}

	private FhirHttp.Response read(String token, String path) {
		return fhir.anonymous().send(HttpRequest.newBuilder(fhir.uri(path))
				.header("Accept", "application/fhir+json")
				.header("Authorization", "Bearer " + token)
				.GET());
	}
}
