package uk.concord.security;

import java.util.Date;
import java.util.stream.Stream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import uk.concord.record.Vocabulary;

/**
 * What a patient's CareSharingConsent says about sharing their record with one organisation. A nested provision that
 * names the organisation (by ODS code) decides; otherwise the base provision decides when it names the organisation
 * or names nobody; otherwise the consent says nothing about it. Only active consents, within their periods, count.
 *
 * <p>A rule Concord cannot interpret never permits: a deny naming someone who is not an organisation with an ODS
 * code, or restricted to some data or purposes, denies everyone; such a permit names nobody. (Such rules are refused
 * when stored, {@link ConsentRulesCheck}; this covers records stored before that check.)
 */
final class CareSharingConsent {


	/** The ODS code an actor names by its identifier alone (no look-up of referenced Organizations). */
	static final Function<Reference, Optional<String>> BY_IDENTIFIER = reference -> odsIdentifier(reference.getIdentifier());

	enum Decision { PERMIT, DENY, SILENT }

	private CareSharingConsent() {}

	/** Whether any of the patient's consents denies sharing with the organisation (deny wins). */
	static boolean denies(List<Consent> consents, String odsCode, Date now) {
		return denies(consents, odsCode, now, BY_IDENTIFIER);
	}

	/**
	 * @param odsOf the ODS code an actor's reference names, empty when it names no organisation Concord knows. A
	 *              patient's confirmation of a carer says nothing about organisations and is passed over.
	 */
	static boolean denies(List<Consent> consents, String odsCode, Date now, Function<Reference, Optional<String>> odsOf) {
		return consents.stream().filter(consent -> !CarerConfirmation.isCarerAccess(consent))
				.anyMatch(consent -> decide(consent, odsCode, now, odsOf) == Decision.DENY);
	}

	static Decision decide(Consent consent, String odsCode, Date now) {
		return decide(consent, odsCode, now, BY_IDENTIFIER);
	}

	static Decision decide(Consent consent, String odsCode, Date now, Function<Reference, Optional<String>> odsOf) {
		if (consent.getStatus() != Consent.ConsentState.ACTIVE || !consent.hasProvision()) {
			return Decision.SILENT;
		}
		ProvisionComponent base = consent.getProvision();
		if (!inForce(base.getPeriod(), now)) {
			return Decision.SILENT;
		}
		for (ProvisionComponent nested : base.getProvision()) {
			if (inForce(nested.getPeriod(), now) && applies(nested, odsCode, odsOf)) {
				return decision(nested.getType());
			}
		}
		if (!base.hasActor() || applies(base, odsCode, odsOf)) {
			return decision(base.getType());
		}
		return Decision.SILENT;
	}

	/** Whether a provision speaks about the organisation; a deny Concord cannot interpret speaks about everyone. */
	private static boolean applies(ProvisionComponent provision, String odsCode, Function<Reference, Optional<String>> odsOf) {
		boolean deny = provision.getType() == ConsentProvisionType.DENY;
		if (isRestricted(provision)) {
			return deny;
		}
		for (Consent.provisionActorComponent actor : provision.getActor()) {
			Optional<String> named = odsOf.apply(actor.getReference());
			if (named.isEmpty() ? deny : odsCode.equalsIgnoreCase(named.get())) {
				return true;
			}
		}
		return false;
	}

	/** Limits Concord does not apply: to some actions, purposes, data, classes, codes, labels or data periods. */
	static boolean isRestricted(ProvisionComponent provision) {
		return provision.hasAction() || provision.hasPurpose() || provision.hasSecurityLabel() || provision.hasClass_()
				|| provision.hasCode() || provision.hasDataPeriod() || provision.hasData()
				|| provision.getProvision().stream().anyMatch(ProvisionComponent::hasProvision);
	}

	private static Decision decision(ConsentProvisionType type) {
		return type == ConsentProvisionType.DENY ? Decision.DENY : Decision.PERMIT;
	}

	static Optional<String> odsIdentifier(Identifier identifier) {
		return Vocabulary.ODS_CODE.equals(identifier.getSystem()) && identifier.hasValue() ? Optional.of(identifier.getValue()) : Optional.empty();
	}

	/**
	 * The first moment after {@code now} at which a consent among these may start or stop being in force (a period's
	 * start still to come, or its end not yet passed), so a decision made now holds until then; empty when none.
	 */
	static Optional<Date> nextChange(List<Consent> consents, Date now) {
		return consents.stream()
				.filter(Consent::hasProvision)
				.flatMap(consent -> Stream.concat(Stream.of(consent.getProvision()),
						consent.getProvision().getProvision().stream()))
				.map(ProvisionComponent::getPeriod)
				.flatMap(period -> Stream.of(period.getStart(), period.getEnd()))
				.filter(moment -> moment != null && !moment.before(now))
				.min(Date::compareTo);
	}

	private static boolean inForce(Period period, Date now) {
		return (!period.hasStart() || !period.getStart().after(now)) && (!period.hasEnd() || !period.getEnd().before(now));
	}
}
