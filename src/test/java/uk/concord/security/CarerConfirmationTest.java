package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import uk.concord.record.Vocabulary;

/** When a carer needs the young person's confirmation, what counts as one, and who may record it. */
class CarerConfirmationTest {

	private static final String PATIENT = "Patient/dmd-sibling";
	private static final String CARER = "RelatedPerson/dmd-sibling-father";
	private static final LocalDate TODAY = LocalDate.of(2026, 6, 2);
	private static final Date NOW = new Date();

	@Test
	void confirmationIsNeededFromTheSixteenthBirthdayItself() {
		assertThat(CarerConfirmation.needed(new DateType("2010-06-02"), 16, TODAY)).isTrue();
		assertThat(CarerConfirmation.needed(new DateType("2010-06-03"), 16, TODAY)).isFalse();
		assertThat(CarerConfirmation.needed(new DateType("2012-03-14"), 16, TODAY)).isFalse();
	}

	@Test
	void aBirthDateGivenAsAYearCountsFromItsFirstDayAndNoBirthDateNeedsConfirmation() {
		assertThat(CarerConfirmation.needed(new DateType("2010"), 16, LocalDate.of(2026, 1, 1))).isTrue();
		assertThat(CarerConfirmation.needed(null, 16, TODAY)).isTrue();
		assertThat(CarerConfirmation.needed(new DateType("2026-06-02"), 0, TODAY)).isTrue();
	}

	@Test
	void anActiveCurrentPermitByThePatientNamingTheCarerConfirmsIt() {
		assertThat(CarerConfirmation.confirms(List.of(confirmation()), PATIENT, CARER, NOW)).isTrue();
	}

	@Test
	void aWithdrawnEndedOtherCarersOrSomeoneElsesConfirmationDoesNot() {
		Consent withdrawn = confirmation().setStatus(Consent.ConsentState.INACTIVE);
		Consent ended = confirmation();
		ended.getProvision().getPeriod().setEnd(Date.from(Instant.now().minus(1, ChronoUnit.DAYS)));
		Consent otherCarer = confirmation();
		otherCarer.getProvision().getActorFirstRep().setReference(new Reference("RelatedPerson/dmd-mother"));
		Consent byTheCarer = confirmation();
		byTheCarer.getPerformer().clear();
		byTheCarer.addPerformer(new Reference(CARER));
		Consent deny = confirmation();
		deny.getProvision().setType(Consent.ConsentProvisionType.DENY);
		Consent sharing = confirmation();
		sharing.getCategory().clear();
		sharing.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");

		for (Consent consent : List.of(withdrawn, ended, otherCarer, byTheCarer, deny, sharing)) {
			assertThat(CarerConfirmation.confirms(List.of(consent), PATIENT, CARER, NOW)).isFalse();
		}
	}

	@Test
	void aCarerCannotRecordTheirOwnConfirmation() {
		CarerConfirmationWrites writes = new CarerConfirmationWrites(FhirContext.forR4Cached());
		ServletRequestDetails carer = requestBy(new Caller("smart-app", "mark", CARER, null, "dmd-sibling",
				SmartScopes.parse(List.of("patient/*.rs", "patient/Consent.c")), null));

		assertThatThrownBy(() -> writes.created(confirmation(), carer))
				.isInstanceOf(ForbiddenOperationException.class)
				.hasMessageContaining("the patient records it");
	}

	@Test
	void theConfirmationMustBeThePatientsOwn() {
		CarerConfirmationWrites writes = new CarerConfirmationWrites(FhirContext.forR4Cached());
		ServletRequestDetails patient = requestBy(new Caller("james-app", "james-app", PATIENT, null, "dmd-sibling",
				SmartScopes.parse(List.of("patient/*.rs", "patient/Consent.c")), null));
		Consent byTheCarer = confirmation();
		byTheCarer.getPerformer().clear();
		byTheCarer.addPerformer(new Reference(CARER));

		writes.created(confirmation(), patient);
		assertThatThrownBy(() -> writes.created(byTheCarer, patient))
				.isInstanceOf(UnprocessableEntityException.class)
				.hasMessageContaining("performer must be the patient");
	}

	private static ServletRequestDetails requestBy(Caller caller) {
		ServletRequestDetails request = new ServletRequestDetails();
		request.getUserData().put(Caller.class.getName(), caller);
		return request;
	}

	private static Consent confirmation() {
		Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE).setPatient(new Reference(PATIENT));
		consent.addCategory().addCoding().setSystem(Vocabulary.CONSENT_CATEGORY).setCode(Vocabulary.CARER_ACCESS);
		consent.addPerformer(new Reference(PATIENT));
		consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT)
				.getPeriod().setStart(Date.from(Instant.now().minus(30, ChronoUnit.DAYS)));
		consent.getProvision().addActor().setReference(new Reference(CARER));
		return consent;
	}
}
