package uk.concord.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.SearchParameter;
import uk.concord.server.WriteCheck;

/**
 * A SearchParameter written through the API may add a parameter but not redefine one of FHIR's own: search narrowing,
 * compartments and the GP lookup rely on what {@code patient}, {@code subject}, {@code participant} and
 * {@code identifier} mean. (HAPI's {@code setDefaultSearchParamsCanBeOverridden(false)} is not this rule: in HAPI 8.8
 * it stops every stored search parameter from being used, Concord's own included.) Removing an override stored
 * before this rule is allowed: it brings the built-in meaning back.
 */
class BuiltInSearchParametersKept extends WriteCheck {

	private final FhirContext fhir;

	BuiltInSearchParametersKept(FhirContext fhir) {
		this.fhir = fhir;
	}

	@Override
	protected void check(IBaseResource resource, RequestDetails request) {
		if (request instanceof ServletRequestDetails && resource instanceof SearchParameter parameter) {
			for (CodeType base : parameter.getBase()) {
				if (isBuiltIn(base.getValue(), parameter.getCode())) {
					// answered with an OperationOutcome whose code is forbidden (server/ErrorResponseInterceptor)
					throw new ForbiddenOperationException("SearchParameter " + base.getValue() + "?"
							+ parameter.getCode() + " would redefine a search parameter FHIR defines, which this"
							+ " server's access rules rely on; give the new parameter a code of its own");
				}
			}
		}
	}

	private boolean isBuiltIn(String base, String code) {
		if (base == null || code == null) {
			return false;
		}
		if (code.startsWith("_")) {
			return true;
		}
		try {
			RuntimeResourceDefinition type = fhir.getResourceDefinition(base);
			return type.getSearchParam(code) != null;
		} catch (DataFormatException notAResourceType) {
			return false;
		}
	}
}
