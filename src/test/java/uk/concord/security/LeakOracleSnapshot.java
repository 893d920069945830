package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.NhsNumbers;

/**
 * Everything the server holds, as the unrestricted {@code ehr-system} sees it, and from it — by rules written out
 * here again, not by asking Concord's own code — whose record each resource is and which patients an organisation
 * may see: those with an active care team in which a participant acts for it (by ODS code), unless one of the
 * patient's active consents denies it (a deny naming it, by ODS identifier or by reference to an Organization with
 * that ODS code, or a base deny that a nested permit naming it does not lift).
 */
final class LeakOracleSnapshot {

	static final List<String> PATIENT_DATA_TYPES = List.of(
			"Patient", "Condition", "CareTeam", "CarePlan", "DocumentReference", "Flag", "Goal", "Consent",
			"RelatedPerson", "Observation", "Provenance", "Composition", "Encounter");
	static final List<String> DIRECTORY_TYPES = List.of("Practitioner", "PractitionerRole", "Organization");
	private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

	private final FhirContext fhir = FhirHttp.R4;
	/** {@code Type/id} to resource, for every resource of the types above. */
	final Map<String, Resource> records = new LinkedHashMap<>();
	/** {@code Type/id} to the patients ({@code Patient/x}) whose compartment holds it; empty: nobody's record. */
	final Map<String, Set<String>> owners = new HashMap<>();
	/** NHS Number to {@code Patient/x}. */
	final Map<String, String> nhsNumbers = new LinkedHashMap<>();

	static LeakOracleSnapshot of(FhirHttp system) {
		LeakOracleSnapshot snapshot = new LeakOracleSnapshot();
		for (String type : concat(PATIENT_DATA_TYPES, DIRECTORY_TYPES)) {
			String next = type + "?_count=200";
			while (next != null) {
				FhirHttp.Response response = system.get(next);
				if (response.status() != 200) {
					throw new IllegalStateException(type + " could not be listed: " + response.status() + " " + response.body());
				}
				Bundle page = response.as(Bundle.class);
				page.getEntry().forEach(entry -> snapshot.add(entry.getResource()));
				next = page.getLink("next") == null ? null : page.getLink("next").getUrl();
			}
		}
		return snapshot;
	}

	private void add(Resource resource) {
		String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		records.put(key, resource);
		owners.put(key, ownersOf(resource));
		if (resource instanceof Patient patient) {
			patient.getIdentifier().stream()
					.filter(identifier -> NhsNumbers.SYSTEM.equals(identifier.getSystem()))
					.forEach(identifier -> nhsNumbers.put(identifier.getValue(), key));
		}
	}

	/** The Patient compartments a resource is in, by the FHIR R4 compartment definition (HAPI's terser reads it). */
	Set<String> ownersOf(IBaseResource resource) {
		if (resource instanceof Patient patient) {
			return patient.getIdElement().hasIdPart() ? Set.of("Patient/" + patient.getIdElement().getIdPart()) : Set.of();
		}
		if (!fhir.getResourceDefinition(resource).getSearchParams().stream()
				.anyMatch(param -> param.getProvidesMembershipInCompartments() != null
						&& param.getProvidesMembershipInCompartments().contains("Patient"))) {
			return Set.of();
		}
		return fhir.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.of()).stream()
				.filter(id -> "Patient".equals(id.getResourceType()) && id.hasIdPart())
				.map(id -> "Patient/" + id.getIdPart())
				.collect(Collectors.toUnmodifiableSet());
	}

	Set<String> patients() {
		return records.keySet().stream().filter(key -> key.startsWith("Patient/")).collect(Collectors.toCollection(TreeSet::new));
	}

	/** The patients an organisation may see, by care teams and consents. */
	Set<String> sharedWith(String odsCode) {
		Set<String> caredFor = new TreeSet<>();
		for (Resource resource : records.values()) {
			if (resource instanceof CareTeam team && team.getStatus() == CareTeam.CareTeamStatus.ACTIVE
					&& team.getSubject().getReference() != null
					&& team.getParticipant().stream().anyMatch(p -> isOds(p.getOnBehalfOf().getIdentifier(), odsCode))) {
				caredFor.add("Patient/" + team.getSubject().getReferenceElement().getIdPart());
			}
		}
		caredFor.removeIf(patient -> consentsOf(patient).stream().anyMatch(consent -> denies(consent, odsCode)));
		return caredFor;
	}

	private List<Consent> consentsOf(String patient) {
		List<Consent> consents = new ArrayList<>();
		for (Resource resource : records.values()) {
			if (resource instanceof Consent consent && consent.getStatus() == Consent.ConsentState.ACTIVE
					&& patient.equals("Patient/" + consent.getPatient().getReferenceElement().getIdPart())) {
				consents.add(consent);
			}
		}
		return consents;
	}

	private boolean denies(Consent consent, String odsCode) {
		Consent.ProvisionComponent base = consent.getProvision();
		if (!inForce(base.getPeriod())) {
			return false;
		}
		for (Consent.ProvisionComponent nested : base.getProvision()) {
			if (inForce(nested.getPeriod()) && names(nested, odsCode)) {
				return nested.getType() == Consent.ConsentProvisionType.DENY;
			}
		}
		return base.getType() == Consent.ConsentProvisionType.DENY && (!base.hasActor() || names(base, odsCode));
	}

	private boolean names(Consent.ProvisionComponent provision, String odsCode) {
		return provision.getActor().stream().map(Consent.provisionActorComponent::getReference).anyMatch(reference ->
				isOds(reference.getIdentifier(), odsCode) || isOds(odsOfReferenced(reference), odsCode));
	}

	private Identifier odsOfReferenced(Reference reference) {
		if (!reference.hasReference() || !(records.get(reference.getReference()) instanceof Organization organization)) {
			return new Identifier();
		}
		return organization.getIdentifier().stream().filter(i -> ODS.equals(i.getSystem())).findFirst().orElse(new Identifier());
	}

	private static boolean isOds(Identifier identifier, String odsCode) {
		return ODS.equals(identifier.getSystem()) && odsCode.equalsIgnoreCase(identifier.getValue());
	}

	private static boolean inForce(Period period) {
		Date now = new Date();
		return (!period.hasStart() || !period.getStart().after(now)) && (!period.hasEnd() || !period.getEnd().before(now));
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}
}
