package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.junit.jupiter.api.Test;
import uk.concord.security.AccessClassification.Access;
import uk.concord.testing.EmbeddedServerTest;
import uk.concord.testing.FhirHttp;

/**
 * Deny by default holds only while the table knows everything the server offers. This walks the server's own
 * CapabilityStatement (every resource's interactions, operations, search parameters and includes, and the
 * system-level ones) and fails, naming them, when anything appears that {@link AccessClassification} does not
 * cover: a new HAPI version, provider or SearchParameter must be classified before it ships.
 */
@EmbeddedServerTest
class AccessClassificationCoversTheServerIT {

	FhirHttp fhir;

	@Test
	void everyInteractionOperationAndSearchParameterTheServerOffersIsClassified() {
		CapabilityStatement capabilities = fhir.anonymous().get("metadata").as(CapabilityStatement.class);
		Set<String> unclassified = new TreeSet<>();
		int seen = 0;
		for (CapabilityStatementRestComponent rest : capabilities.getRest()) {
			for (var interaction : rest.getInteraction()) {
				seen++;
				interaction(interaction.getCode().toCode(), "system", unclassified);
			}
			for (CapabilityStatementRestResourceOperationComponent operation : rest.getOperation()) {
				seen++;
				operation(operation.getName(), "system", unclassified);
			}
			for (CapabilityStatementRestResourceSearchParamComponent parameter : rest.getSearchParam()) {
				seen++;
				searchParameter(parameter, "system", unclassified);
			}
			for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				String type = resource.getType();
				for (var interaction : resource.getInteraction()) {
					seen++;
					interaction(interaction.getCode().toCode(), type, unclassified);
				}
				for (CapabilityStatementRestResourceOperationComponent operation : resource.getOperation()) {
					seen++;
					operation(operation.getName(), type, unclassified);
				}
				for (CapabilityStatementRestResourceSearchParamComponent parameter : resource.getSearchParam()) {
					seen++;
					searchParameter(parameter, type, unclassified);
				}
				if (resource.hasSearchInclude()) {
					covered(AccessClassification.searchParameter("_include", null), type + " _include", unclassified);
				}
				if (resource.hasSearchRevInclude()) {
					covered(AccessClassification.searchParameter("_revinclude", null), type + " _revinclude", unclassified);
				}
			}
		}
		assertThat(seen).as("capabilities walked").isGreaterThan(500);
		assertThat(unclassified).as("offered by the server but not in AccessClassification").isEmpty();
	}

	@Test
	void whatOnlySystemTokensMayUseIncludesEverythingNotNarrowedToTheCallersPatients() {
		for (String operation : Set.of("$meta", "$diff", "$get-resource-counts", "$reindex", "$match")) {
			assertThat(AccessClassification.operation(operation)).as(operation)
					.hasValueSatisfying(access -> assertThat(access.who()).containsOnly(AccessClassification.Audience.SYSTEM));
		}
		for (String parameter : Set.of("_has", "_list", "_filter", "_contained")) {
			assertThat(AccessClassification.searchParameter(parameter, null)).as(parameter)
					.hasValueSatisfying(access -> assertThat(access.who()).containsOnly(AccessClassification.Audience.SYSTEM));
		}
		assertThat(AccessClassification.interaction(RestOperationTypeEnum.HISTORY_SYSTEM)).hasValueSatisfying(
				access -> assertThat(access.who()).containsOnly(AccessClassification.Audience.SYSTEM));
		// a family Group lists its members: a side door to relatives' records for anyone but a system
		assertThat(AccessClassification.resourceType("Group")).hasValueSatisfying(
				access -> assertThat(access.who()).containsOnly(AccessClassification.Audience.SYSTEM));
		assertThat(AccessClassification.resourceType("Condition")).isEmpty();
		assertThat(AccessClassification.operation("$no-such-operation")).isEmpty();
		assertThat(AccessClassification.modifier("no-such-modifier", false)).isEmpty();
	}

	@Test
	void operationsThisServerSwitchesOffAreNotOfferedAndAreRefusedInWords() {
		CapabilityStatement capabilities = fhir.anonymous().get("metadata").as(CapabilityStatement.class);
		List<String> offered = capabilities.getRest().stream().flatMap(rest -> Stream.concat(rest.getOperation().stream(),
				rest.getResource().stream().flatMap(resource -> resource.getOperation().stream())))
				.map(CapabilityStatementRestResourceOperationComponent::getName).toList();
		assertThat(offered).contains("everything", "validate").doesNotContain("expunge", "lastn");

		for (FhirHttp.Response refused : List.of(fhir.post("$expunge", "application/fhir+json", "{\"resourceType\":\"Parameters\"}"),
				fhir.post("Patient/$expunge", "application/fhir+json", "{\"resourceType\":\"Parameters\"}"),
				fhir.get("Observation/$lastn"))) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(403);
			assertThat(refused.body()).contains("this server does not offer it");
		}
	}

	private static void interaction(String code, String where, Set<String> unclassified) {
		RestOperationTypeEnum interaction = RestOperationTypeEnum.forCode(code);
		covered(interaction == null ? Optional.empty() : AccessClassification.interaction(interaction),
				where + " interaction " + code, unclassified);
	}

	private static void operation(String name, String where, Set<String> unclassified) {
		covered(AccessClassification.operation(name), where + " operation $" + name.replace("$", ""), unclassified);
	}

	private static void searchParameter(
			CapabilityStatementRestResourceSearchParamComponent parameter, String where, Set<String> unclassified) {
		RestSearchParameterTypeEnum kind = parameter.hasType()
				? RestSearchParameterTypeEnum.forCode(parameter.getType().toCode())
				: null;
		covered(AccessClassification.searchParameter(parameter.getName(), kind),
				where + " search parameter " + parameter.getName() + " (" + kind + ")", unclassified);
	}

	private static void covered(Optional<Access> access, String what, Set<String> unclassified) {
		if (access.isEmpty()) {
			unclassified.add(what);
		}
	}
}
