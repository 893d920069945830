package uk.concord.passport;

import ca.uhn.fhir.jpa.ips.generator.IIpsGeneratorSvc;
import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code Patient/{id}/$summary} and {@code Patient/$summary?identifier=system|value}, answered by HAPI's IPS
 * generator with Concord's strategy. HAPI's own {@code IpsOperationProvider} declares {@code identifier} as an
 * Identifier, which HAPI refuses on GET (HAPI-0363); here it is the usual token form, so the NHS Number lookup works
 * as a plain GET (and as a string parameter in a POSTed Parameters).
 */
public class PassportOperationProvider {

	private final IIpsGeneratorSvc generator;

	public PassportOperationProvider(IIpsGeneratorSvc generator) {
		this.generator = generator;
	}

	@Operation(name = "$summary", idempotent = true, bundleType = BundleTypeEnum.DOCUMENT, typeName = "Patient")
	public IBaseBundle patientInstanceSummary(
			@IdParam IIdType patientId,
			@OperationParam(name = "profile", min = 0, typeName = "uri") IPrimitiveType<String> profile,
			RequestDetails request) {
		return generator.generateIps(request, patientId, profile == null ? null : profile.getValueAsString());
	}

	@Operation(name = "$summary", idempotent = true, bundleType = BundleTypeEnum.DOCUMENT, type = Patient.class)
	public IBaseBundle patientTypeSummary(
			@OperationParam(name = "identifier", min = 1, max = 1, typeName = "string") IPrimitiveType<String> identifier,
			@OperationParam(name = "profile", min = 0, typeName = "uri") IPrimitiveType<String> profile,
			RequestDetails request) {
		String value = identifier == null ? null : identifier.getValueAsString();
		if (value == null || value.isBlank()) {
			throw new InvalidRequestException("identifier is required, e.g. https://fhir.nhs.uk/Id/nhs-number|9434765919");
		}
		int bar = value.indexOf('|');
		TokenParam token = bar < 0 ? new TokenParam(value) : new TokenParam(value.substring(0, bar), value.substring(bar + 1));
		return generator.generateIps(request, token, profile == null ? null : profile.getValueAsString());
	}
}
