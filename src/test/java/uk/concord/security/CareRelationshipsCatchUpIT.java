package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.concord.security.CareRelationships.Shared;
import uk.concord.server.SearchInPages;
import uk.concord.server.StoredResources;
import uk.concord.server.StoredResources.Mark;
import uk.concord.server.StoredResources.Newer;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.SharedRecord;

/**
 * After care teams and consents are written, which patients an organisation may see is brought up to date from those
 * writes alone rather than worked out again from every care team and consent. Each step here writes through the API,
 * catches the kept answer up, and requires it to be exactly what working it out afresh gives, besides what the step
 * must change: a caught-up answer that kept a patient a consent now denies would be a leak.
 */
@EmbeddedServerTest
class CareRelationshipsCatchUpIT {

	private static final List<String> MADE_OF = List.of("CareTeam", "Consent", "Organization");

	@Autowired
	StoredResources stored;
	@Autowired
	DaoRegistry daos;
	@Autowired
	SearchInPages pages;

	FhirHttp fhir;

	private String ods;
	private OrganisationCare care;

	@BeforeEach
	void anOrganisationOfItsOwn() {
		ods = "Q" + ThreadLocalRandom.current().nextInt(10_000, 100_000);
		care = OrganisationCare.workedOut(ods, stored.versionRowsAfter(Mark.START, MADE_OF).mark(), new Date(), daos, pages);
		assertThat(care.shared().patients()).isEmpty();
	}

	@Test
	void careTeamsAndConsentsWrittenSinceBringTheAnswerUpToDateExactlyAsWorkingItOutAgainWould() {
		String first = caredFor("First");
		assertThat(caughtUp().patients()).containsExactly(first);
		String second = caredFor("Second");
		assertThat(caughtUp().patients()).containsExactlyInAnyOrder(first, second);

		// a consent denying the organisation closes the first patient's record to it
		String consent = created("Consent", SharedRecord.consentDenyingRrk(new IdType(first).getIdPart(), null).replace("\"RRK\"", "\"" + ods + "\""));
		Shared denied = caughtUp();
		assertThat(denied.patients()).containsExactly(second);
		assertThat(denied.denied()).containsExactly(first);

		// the same consent moved to the second patient: the first is open again, the second closed
		Consent moved = fhir.get("Consent/" + consent).as(Consent.class);
		moved.getPatient().setReference(second);
		moved.getPerformerFirstRep().setReference(second);
		fhir.client().update().resource(moved).execute();
		Shared afterMove = caughtUp();
		assertThat(afterMove.patients()).containsExactly(first);
		assertThat(afterMove.denied()).containsExactly(second);

		// withdrawn: both open
		Consent withdrawn = fhir.get("Consent/" + consent).as(Consent.class);
		withdrawn.setStatus(Consent.ConsentState.INACTIVE);
		fhir.client().update().resource(withdrawn).execute();
		assertThat(caughtUp().patients()).containsExactlyInAnyOrder(first, second);
		assertThat(caughtUp().denied()).isEmpty();

		// the first patient's team with the organisation ends
		CareTeam ended = teamWithTheOrganisationOf(first);
		ended.setStatus(CareTeam.CareTeamStatus.INACTIVE);
		fhir.client().update().resource(ended).execute();
		assertThat(caughtUp().patients()).containsExactly(second);

		// the second patient's team now names a patient the organisation did not care for
		String third = record("Third", null);
		CareTeam retargeted = teamWithTheOrganisationOf(second);
		retargeted.getSubject().setReference(third);
		fhir.client().update().resource(retargeted).execute();
		assertThat(caughtUp().patients()).containsExactly(third);
	}

	@Test
	void aPatientNewlyCaredForWhoseConsentAlreadyDeniesTheOrganisationIsNotShared() {
		String refusing = record("Refusing", null);
		created("Consent", SharedRecord.consentDenyingRrk(new IdType(refusing).getIdPart(), null)
				.replace("\"RRK\"", "\"" + ods + "\""));
		String cared = caredFor("Cared");
		assertThat(caughtUp().patients()).containsExactly(cared);

		// the only write is the team: the consent, stored before, must still be read
		CareTeam team = teamWithTheOrganisationOf(cared);
		team.getSubject().setReference(refusing);
		fhir.client().update().resource(team).execute();
		Shared shared = caughtUp();
		assertThat(shared.patients()).isEmpty();
		assertThat(shared.denied()).containsExactly(refusing);
	}

	@Test
	void aCareTeamDeletedClosesItsPatient() {
		String patient = caredFor("Deleted");
		CareTeam extra = teamWithTheOrganisationOf(patient).copy();
		extra.setId((String) null);
		extra.setIdentifier(null);
		extra.setName("Extra team");
		String team = created("CareTeam", FhirHttp.R4.newJsonParser().encodeResourceToString(extra));
		assertThat(caughtUp().patients()).containsExactly(patient);
		for (CareTeam other : teamsWithTheOrganisationOf(patient)) {
			if (!other.getIdElement().getIdPart().equals(team)) {
				other.setStatus(CareTeam.CareTeamStatus.INACTIVE);
				fhir.client().update().resource(other).execute();
			}
		}
		assertThat(caughtUp().patients()).as("the extra team still opens the record").containsExactly(patient);

		fhir.client().delete().resourceById(new IdType("CareTeam", team)).execute();
		assertThat(caughtUp().patients()).isEmpty();
	}

	@Test
	void aChangedOrganizationMeansWorkingItOutAgainANewOneDoesNot() {
		Organization organisation = new Organization().setName("Written meanwhile");
		organisation.addIdentifier().setSystem(SharedRecord.ODS).setValue("Q" + ThreadLocalRandom.current().nextInt(100_000, 999_999));
		IdType id = (IdType) fhir.client().create().resource(organisation).execute().getId();
		Newer created = stored.versionRowsAfter(care.mark(), MADE_OF);
		assertThat(created.complete()).isTrue();
		assertThat(care.after(created.rows(), created.mark(), new Date(), daos)).isPresent();

		organisation.setId(id.toUnqualifiedVersionless());
		organisation.getIdentifierFirstRep().setValue("Q" + ThreadLocalRandom.current().nextInt(100_000, 999_999));
		fhir.client().update().resource(organisation).execute();
		Newer changed = stored.versionRowsAfter(care.mark(), MADE_OF);
		assertThat(changed.complete()).isTrue();
		assertThat(care.after(changed.rows(), changed.mark(), new Date(), daos))
				.as("consents name organisations, whose ODS codes an Organization's change may change").isEmpty();
	}

	/** The kept answer caught up with what was written since; must equal the answer worked out afresh. */
	private Shared caughtUp() {
		Newer written = stored.versionRowsAfter(care.mark(), MADE_OF);
		assertThat(written.complete()).as("every write since the last answer is placed").isTrue();
		care = care.after(written.rows(), written.mark(), new Date(), daos).orElseThrow();
		Shared shared = care.shared();
		assertThat(shared).as("worked out afresh")
				.isEqualTo(OrganisationCare.workedOut(ods, Mark.START, new Date(), daos, pages).shared());
		return shared;
	}

	/** A new patient with a care team the organisation takes part in (and one it does not); {@code Patient/x}. */
	private String caredFor(String family) {
		return record(family, ods);
	}

	/** A new patient's record, its care team with {@code organisation} (its own when null); {@code Patient/x}. */
	private String record(String family, String organisation) {
		String nhs = NhsNumbers.random();
		String record = SharedRecord.json(nhs, family, "catch-up");
		if (organisation != null) {
			record = record.replace(SharedRecord.odsCodeOf(nhs), organisation);
		}
		FhirHttp.Response stored = fhir.post("", "application/fhir+json", record);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		return "Patient/" + fhir.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhs).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	private CareTeam teamWithTheOrganisationOf(String patient) {
		List<CareTeam> teams = teamsWithTheOrganisationOf(patient);
		assertThat(teams).hasSize(1);
		return teams.get(0);
	}

	private List<CareTeam> teamsWithTheOrganisationOf(String patient) {
		Bundle teams = fhir.get("CareTeam?status=active&subject=" + patient + "&participant-organization="
				+ SharedRecord.ODS + "|" + ods).as(Bundle.class);
		return teams.getEntry().stream().map(entry -> (CareTeam) entry.getResource()).toList();
	}

	private String created(String type, String json) {
		FhirHttp.Response created = fhir.post(type, "application/fhir+json", json);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.raw().headers().firstValue("Location").orElseThrow()).getIdPart();
	}
}
