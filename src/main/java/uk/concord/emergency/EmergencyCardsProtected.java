package uk.concord.emergency;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import uk.concord.server.WriteCheck;

/**
 * Emergency cards are issued and revoked only through {@code /emergency-card}: a card written through the FHIR API
 * could carry a token its writer chose, or bring a revoked card back. Reading them (in the patient's record) is
 * harmless: they hold only the token's hash.
 */
class EmergencyCardsProtected extends WriteCheck {

	@Override
	protected boolean guardsStored() {
		return true;
	}

	@Override
	protected void check(IBaseResource resource, RequestDetails request) {
		if (request instanceof ServletRequestDetails && resource instanceof Basic basic && EmergencyCards.isCard(basic)) {
			String text = "Emergency cards are issued and revoked at /emergency-card/Patient/{id}, not through the FHIR API";
			throw new ForbiddenOperationException(text);
		}
	}
}
