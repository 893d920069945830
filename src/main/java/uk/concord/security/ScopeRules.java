package uk.concord.security;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Patient;
import uk.concord.security.SmartScope.Context;
import uk.concord.security.SmartScope.Permission;

/**
 * Turns a caller's SMART scopes into HAPI authorisation rules. {@code system/} scopes reach every resource of the
 * types they name; {@code patient/} and {@code user/} scopes reach the Patient compartments the caller may see (its
 * own patient, or the patients its organisation cares for). Directory and conformance resources (who the
 * practitioners and organisations are, what the profiles say) hold no patient data and are readable by any scope
 * that covers them.
 */
final class ScopeRules {

	static final Set<String> SHARED_TYPES = Set.of(
			"Practitioner", "PractitionerRole", "Organization", "Location", "HealthcareService", "Endpoint",
			"StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap", "SearchParameter", "CapabilityStatement",
			"OperationDefinition", "ImplementationGuide", "NamingSystem", "Questionnaire", "Library");

	private ScopeRules() {}

	/**
	 * Rules granting what the scopes of one context allow.
	 *
	 * @param compartments the Patient compartments these rules may allow (for a check, those of the caller's reachable
	 *     ones it concerns: {@link ConcernedCompartmentRules}); null for {@code system/} scopes (no compartment limit)
	 */
	static void grant(IAuthRuleBuilder rules, SmartScopes scopes, Context context, Collection<IIdType> compartments) {
		for (SmartScope scope : scopes.scopes()) {
			if (scope.context() != context) {
				continue;
			}
			Set<Permission> can = scope.permissions();
			if (can.contains(Permission.READ) || can.contains(Permission.SEARCH)) {
				limit(on(rules, scope, "read " + scope, b -> b.read()), compartments);
				if (compartments != null) {
					sharedTypes(rules, scope);
				}
			}
			if (can.contains(Permission.CREATE)) {
				limit(on(rules, scope, "create " + scope, b -> b.create()), compartments);
			}
			if (can.contains(Permission.UPDATE)) {
				limit(on(rules, scope, "update " + scope, b -> b.write()), compartments);
				rules.allow("patch " + scope).patch().allRequests();
			}
			if (can.contains(Permission.DELETE)) {
				IAuthRuleBuilderRuleOpClassifier delete = scope.isWildcard()
						? rules.allow("delete " + scope).delete().allResources()
						: rules.allow("delete " + scope).delete().resourcesOfType(scope.resourceType());
				limit(delete, compartments);
			}
		}
	}

	private static IAuthRuleBuilderRuleOpClassifier on(
			IAuthRuleBuilder rules, SmartScope scope, String name,
			Function<IAuthRuleBuilderRule, IAuthRuleBuilderRuleOp> op) {
		IAuthRuleBuilderRuleOp builder = op.apply(rules.allow(name));
		return scope.isWildcard() ? builder.allResources() : builder.resourcesOfType(scope.resourceType());
	}

	private static void limit(IAuthRuleBuilderRuleOpClassifier rule, Collection<IIdType> compartments) {
		if (compartments == null) {
			rule.withAnyId();
		} else {
			rule.inCompartment("Patient", compartments);
		}
	}

	private static void sharedTypes(IAuthRuleBuilder rules, SmartScope scope) {
		for (String type : SHARED_TYPES) {
			if (scope.covers(type)) {
				rules.allow("read " + type + " (directory)").read().resourcesOfType(type).withAnyId();
			}
		}
		if (scope.covers("Device")) {
			// software and equipment, such as the author of a patient summary; a patient's own device is in their compartment
			rules.allow("read Device not assigned to a patient").read().resourcesOfType("Device").withAnyId()
					.withTester(BreakGlass.outputIs(device -> device instanceof Device d && !d.hasPatient()));
		}
	}

	/**
	 * Operations. Those that return a patient's record ({@code $everything}, {@code $summary}, {@code $match}) answer
	 * only with what the caller may read anyway; validation and terminology operations hold no patient data; any
	 * other operation needs full {@code system/*.cruds} access.
	 *
	 * @param compartments the Patient compartments these rules may allow, as for {@link #grant}; null for
	 *     {@code system/} scopes
	 */
	static void operations(IAuthRuleBuilder rules, SmartScopes scopes, Collection<IIdType> compartments) {
		for (String name : List.of("$validate", "$validate-code", "$lookup", "$expand", "$translate", "$subsumes")) {
			rules.allow(name).operation().named(name).atAnyLevel().andAllowAllResponses();
		}
		// narrows its own answer to the patients the caller reaches, and refuses patient tokens (coordination/)
		rules.allow("$coordination-gaps").operation().named("$coordination-gaps").atAnyLevel().andAllowAllResponses();
		if (compartments == null) {
			for (String name : List.of("$everything", "$summary", "$match")) {
				rules.allow(name).operation().named(name).atAnyLevel().andRequireExplicitResponseAuthorization();
			}
			if (scopes.allowsEverything(Context.SYSTEM)) {
				rules.allow("any operation (system/*.cruds)").operation().withAnyName().atAnyLevel()
						.andAllowAllResponses();
			}
			return;
		}
		for (String name : List.of("$everything", "$summary")) {
			rules.allow(name).operation().named(name).onInstances(List.copyOf(compartments))
					.andRequireExplicitResponseAuthorization();
		}
		// $summary?identifier=<NHS Number>: the document it returns is checked resource by resource
		rules.allow("$summary by identifier").operation().named("$summary").onType(Patient.class)
				.andRequireExplicitResponseAuthorization();
	}
}
