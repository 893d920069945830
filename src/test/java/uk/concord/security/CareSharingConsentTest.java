package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.junit.jupiter.api.Test;
import uk.concord.security.CareSharingConsent.Decision;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.GuideFiles;

/** What a CareSharingConsent says about sharing a record with one organisation (the guide's examples). */
class CareSharingConsentTest {

	private static final Date NOW = new Date();

	@Test
	void aNestedDenyForTheOrganisationDecidesForIt() {
		Consent swan = example("Consent-swan-consent.json"); // permits sharing, denies University Hospitals Birmingham
		assertThat(CareSharingConsent.decide(swan, "RRK", NOW)).isEqualTo(Decision.DENY);
		assertThat(CareSharingConsent.decide(swan, "RR8", NOW)).isEqualTo(Decision.PERMIT);
		assertThat(CareSharingConsent.denies(List.of(swan), "rrk", NOW)).isTrue();
	}

	@Test
	void aBaseProvisionNamingOrganisationsSpeaksOnlyForThem() {
		Consent dmd = example("Consent-dmd-consent.json"); // permits GOSH, the GP practice and UHB by name
		assertThat(CareSharingConsent.decide(dmd, "Y90001", NOW)).isEqualTo(Decision.PERMIT);
		assertThat(CareSharingConsent.decide(dmd, "RRK", NOW)).isEqualTo(Decision.PERMIT);
		assertThat(CareSharingConsent.decide(dmd, "Y90002", NOW)).isEqualTo(Decision.SILENT);
	}

	@Test
	void aBaseDenyNamingNobodyDeniesEveryone() {
		Consent optOut = example("Consent-swan-consent.json");
		optOut.getProvision().setType(ConsentProvisionType.DENY).getProvision().clear();
		assertThat(CareSharingConsent.decide(optOut, "Y90002", NOW)).isEqualTo(Decision.DENY);
	}

	@Test
	void inactiveOrExpiredConsentsSayNothing() {
		Consent inactive = example("Consent-swan-consent.json").setStatus(Consent.ConsentState.INACTIVE);
		Consent expired = example("Consent-swan-consent.json");
		expired.getProvision().getPeriod().setEnd(new Date(NOW.getTime() - 86_400_000L));

		assertThat(CareSharingConsent.decide(inactive, "RRK", NOW)).isEqualTo(Decision.SILENT);
		assertThat(CareSharingConsent.decide(expired, "RRK", NOW)).isEqualTo(Decision.SILENT);
		assertThat(CareSharingConsent.denies(List.of(inactive, expired), "RRK", NOW)).isFalse();
	}

	private static Consent example(String file) {
		return FhirHttp.R4.newJsonParser().parseResource(Consent.class, GuideFiles.read(Path.of("ig/examples", file)));
	}
}
