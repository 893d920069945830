package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ca.uhn.fhir.rest.param.TokenParam;
import org.junit.jupiter.api.Test;
import uk.concord.testing.FhirHttp;

/** How the identifiers of a chained identifier search are read: as HAPI reads a token search. */
class PatientsNamedByIdentifierTest {

	@Test
	void commasSeparateAlternativesAndBarsSeparateTheSystem() {
		assertThat(PatientsNamedByIdentifier.anyOf(FhirHttp.R4, "https://fhir.nhs.uk/Id/nhs-number|9434765919,9449305552")
						.getValuesAsQueryTokens())
				.extracting(TokenParam::getSystem, TokenParam::getValue)
				.containsExactly(tuple("https://fhir.nhs.uk/Id/nhs-number", "9434765919"), tuple(null, "9449305552"));
	}

	@Test
	void anEscapedCommaOrBarIsPartOfTheValue() {
		assertThat(PatientsNamedByIdentifier.anyOf(FhirHttp.R4, "urn:local|a\\,b,urn:local|c\\|d").getValuesAsQueryTokens())
				.extracting(TokenParam::getSystem, TokenParam::getValue)
				.containsExactly(tuple("urn:local", "a,b"), tuple("urn:local", "c|d"));
	}
}
