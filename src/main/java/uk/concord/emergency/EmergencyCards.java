package uk.concord.emergency;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The emergency cards issued for patients, kept as {@code Basic} resources in the patient's record: the card's token
 * is an identifier (its SHA-256 only) whose period is when the card works. Revoking a card ends that period; issuing
 * a card revokes the patient's earlier ones, so a lost card is replaced by issuing again.
 */
public class EmergencyCards {

	static final String CARD_TYPE_SYSTEM = "https://fhir.concord.org.uk/CodeSystem/basic-resource-type";
	static final String CARD_TYPE = "emergency-card";
	static final String TOKEN_HASH_SYSTEM = "https://fhir.concord.org.uk/Id/emergency-card-token-sha256";

	/** A card just issued: its token exists only here and on the printed card. */
	public record Issued(String cardId, String token, Instant expires) {}

	/** A card that works now, found by its token. */
	record Card(String id, String patientId) {}

	private final IFhirResourceDao<Basic> cards;
	private final IFhirResourceDao<Patient> patients;
	private final EmergencyCardProperties properties;
	private final Clock clock;

	EmergencyCards(DaoRegistry daos, EmergencyCardProperties properties, Clock clock) {
		this.cards = daos.getResourceDao(Basic.class);
		this.patients = daos.getResourceDao(Patient.class);
		this.properties = properties;
		this.clock = clock;
	}

	/** A new card for the patient, valid for {@code concord.emergency-card.valid-for}; earlier cards stop working. */
	Issued issue(String patientId, String issuedBy) {
		Instant now = clock.instant();
		return issue(patientId, issuedBy, CardToken.create(), now, now.plus(properties.validFor()));
	}

	/**
	 * A card with a given token and validity: for the demo card (whose token is published) and for tests.
	 *
	 * @throws ResourceNotFoundException when there is no such patient
	 */
	public Issued issue(String patientId, String issuedBy, String token, Instant from, Instant expires) {
		patients.read(new IdType("Patient", patientId), new SystemRequestDetails());
		revokeAll(patientId);
		Basic card = new Basic();
		card.setCode(new CodeableConcept(new Coding(CARD_TYPE_SYSTEM, CARD_TYPE, "Emergency card")));
		card.setSubject(new Reference("Patient/" + patientId));
		card.setCreated(Date.from(from));
		card.setAuthor(new Reference().setDisplay(issuedBy));
		card.addIdentifier(new Identifier()
				.setSystem(TOKEN_HASH_SYSTEM)
				.setValue(CardToken.hash(token))
				.setPeriod(new Period().setStart(Date.from(from)).setEnd(Date.from(expires))));
		String id = cards.create(card, new SystemRequestDetails()).getId().getIdPart();
		return new Issued(id, token, expires);
	}

	/** Ends every working card of the patient now; the number ended. */
	int revokeAll(String patientId) {
		Date now = Date.from(clock.instant());
		int revoked = 0;
		for (Basic card : ofPatient(patientId)) {
			Period period = card.getIdentifierFirstRep().getPeriod();
			if (worksAt(card, now)) {
				period.setEnd(now);
				cards.update(card, new SystemRequestDetails());
				revoked++;
			}
		}
		return revoked;
	}

	/** The card this token opens, if it works now; unknown, revoked and expired cards alike are empty. */
	Optional<Card> working(String token) {
		if (!CardToken.isWellFormed(token)) {
			return Optional.empty();
		}
		SearchParameterMap byHash = SearchParameterMap.newSynchronous()
				.add(Basic.SP_IDENTIFIER, new TokenParam(TOKEN_HASH_SYSTEM, CardToken.hash(token)));
		Date now = Date.from(clock.instant());
		return cards.searchForResources(byHash, new SystemRequestDetails()).stream()
				.filter(card -> isCard(card) && worksAt(card, now))
				.findFirst()
				.map(card -> new Card(card.getIdElement().getIdPart(), card.getSubject().getReferenceElement().getIdPart()));
	}

	/** Whether the card with this id still works (it may have been revoked since it was scanned). */
	boolean stillWorks(String cardId) {
		try {
			Basic card = cards.read(new IdType("Basic", cardId), new SystemRequestDetails());
			return isCard(card) && worksAt(card, Date.from(clock.instant()));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return false;
		}
	}

	/** Whether the patient was ever issued a card, working or not. */
	boolean everIssued(String patientId) {
		return !ofPatient(patientId).isEmpty();
	}

	private List<Basic> ofPatient(String patientId) {
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add(Basic.SP_SUBJECT, new ReferenceParam("Patient/" + patientId))
				.add(Basic.SP_CODE, new TokenParam(CARD_TYPE_SYSTEM, CARD_TYPE));
		return cards.searchForResources(search, new SystemRequestDetails());
	}

	static boolean isCard(Basic basic) {
		return basic.getCode().hasCoding(CARD_TYPE_SYSTEM, CARD_TYPE);
	}

	private static boolean worksAt(Basic card, Date now) {
		Period period = card.getIdentifierFirstRep().getPeriod();
		return (!period.hasStart() || !period.getStart().after(now)) && period.hasEnd() && period.getEnd().after(now);
	}
}
