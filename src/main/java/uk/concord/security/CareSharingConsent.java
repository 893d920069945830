package uk.concord.security;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;

/**
 * What a patient's CareSharingConsent says about sharing their record with one organisation. A nested provision that
 * names the organisation (by ODS code) decides; otherwise the base provision decides when it names the organisation
 * or names nobody; otherwise the consent says nothing about it. Only active consents, within their periods, count.
 */
final class CareSharingConsent {

	static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

	enum Decision { PERMIT, DENY, SILENT }

	private CareSharingConsent() {}

	/** Whether any of the patient's consents denies sharing with the organisation (deny wins). */
	static boolean denies(List<Consent> consents, String odsCode, Date now) {
		return consents.stream().anyMatch(consent -> decide(consent, odsCode, now) == Decision.DENY);
	}

	static Decision decide(Consent consent, String odsCode, Date now) {
		if (consent.getStatus() != Consent.ConsentState.ACTIVE || !consent.hasProvision()) {
			return Decision.SILENT;
		}
		ProvisionComponent base = consent.getProvision();
		if (!inForce(base.getPeriod(), now)) {
			return Decision.SILENT;
		}
		for (ProvisionComponent nested : base.getProvision()) {
			if (names(nested, odsCode) && inForce(nested.getPeriod(), now)) {
				return decision(nested.getType());
			}
		}
		if (!base.hasActor() || names(base, odsCode)) {
			return decision(base.getType());
		}
		return Decision.SILENT;
	}

	private static Decision decision(ConsentProvisionType type) {
		return type == ConsentProvisionType.DENY ? Decision.DENY : Decision.PERMIT;
	}

	private static boolean names(ProvisionComponent provision, String odsCode) {
		return provision.getActor().stream()
				.map(actor -> actor.getReference().getIdentifier())
				.anyMatch(identifier -> isOds(identifier, odsCode));
	}

	private static boolean isOds(Identifier identifier, String odsCode) {
		return ODS.equals(identifier.getSystem()) && odsCode.equalsIgnoreCase(identifier.getValue());
	}

	private static boolean inForce(Period period, Date now) {
		return (!period.hasStart() || !period.getStart().after(now)) && (!period.hasEnd() || !period.getEnd().before(now));
	}
}
