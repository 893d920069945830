package uk.concord.security;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import uk.concord.testing.FhirHttp;

/**
 * What the leak oracle checks in one response: every resource in it (a Bundle's entries and their outcomes, nested
 * Bundles of a batch, contained resources, Parameters) belongs to a patient the token may reach, or to nobody; no
 * audit record reaches a token without an AuditEvent scope; no OperationOutcome quotes the id of a record the token
 * may not reach (unless the request named it), and no response carries the NHS Number of a patient the token may not
 * reach (likewise); and no count exceeds what the token may reach.
 */
final class LeakOracleChecks {

	/** A demo token: its name, its bearer token, the patients it may reach (null: all), whether it reads the audit trail. */
	record Token(String name, String bearer, Set<String> reachable, boolean auditor) {

		boolean restricted() {
			return reachable != null;
		}

		boolean reaches(Set<String> owners) {
			return reachable == null || owners.isEmpty() || !Collections.disjoint(owners, reachable);
		}
	}

	private final LeakOracleSnapshot snapshot;
	private final IParser parser = FhirHttp.R4.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));

	LeakOracleChecks(LeakOracleSnapshot snapshot) {
		this.snapshot = snapshot;
	}

	/** Leaks found in one response, each described in a sentence. */
	List<String> check(Token token, String request, int status, String body) {
		List<String> leaks = new ArrayList<>();
		// audit records quote the queries they record, NHS Numbers included: the auditor's check is that no other
		// resource reaches it (below)
		if (token.restricted() && !token.auditor()) {
			for (Map.Entry<String, String> nhs : snapshot.nhsNumbers.entrySet()) {
				// as a number of its own: test practitioners' SDS ids are "10" + an NHS Number
				Pattern number = Pattern.compile("(?<![0-9])" + nhs.getKey() + "(?![0-9])");
				if (!token.reaches(Set.of(nhs.getValue())) && number.matcher(body).find() && !request.contains(nhs.getKey())) {
					leaks.add("the NHS Number of " + nhs.getValue() + " appears in the response");
				}
			}
		}
		if (!body.startsWith("{")) {
			return leaks;
		}
		Resource resource;
		try {
			resource = (Resource) parser.parseResource(body);
		} catch (DataFormatException | ClassCastException e) {
			return leaks;
		}
		walk(token, request, resource, leaks);
		if (resource instanceof Bundle bundle && bundle.hasTotal() && token.restricted()) {
			checkCount(token, request, bundle, leaks);
		}
		return leaks;
	}

	private void walk(Token token, String request, Resource resource, List<String> leaks) {
		if (resource == null) {
			return;
		}
		String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		if (resource instanceof AuditEvent) {
			if (!token.auditor()) {
				leaks.add("an audit record (" + id + ") reached a token without an AuditEvent scope");
			}
		} else if (resource instanceof OperationOutcome outcome) {
			checkOutcome(token, request, outcome, leaks);
		} else if (!(resource instanceof Bundle) && !(resource instanceof Parameters)) {
			Set<String> owners = snapshot.ownersOf(resource);
			if (!token.reaches(owners)) {
				leaks.add(id + " of " + owners + " was returned");
			}
		}
		if (resource instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				walk(token, request, entry.getResource(), leaks);
				walk(token, request, entry.getResponse().getOutcome(), leaks);
			}
		}
		if (resource instanceof Parameters parameters) {
			parameters.getParameter().forEach(p -> walk(token, request, p.getResource(), leaks));
		}
		if (resource instanceof DomainResource domain) {
			domain.getContained().forEach(contained -> walk(token, request, contained, leaks));
		}
	}

	private void checkOutcome(Token token, String request, OperationOutcome outcome, List<String> leaks) {
		if (!token.restricted()) {
			return;
		}
		String text = outcome.getIssue().stream()
				.map(issue -> issue.getDiagnostics() + " " + issue.getDetails().getText())
				.reduce("", String::concat);
		for (Map.Entry<String, Set<String>> record : snapshot.owners.entrySet()) {
			String id = record.getKey();
			String bareId = id.substring(id.indexOf('/') + 1);
			if (!token.reaches(record.getValue()) && text.contains(id) && !request.contains(bareId)) {
				leaks.add("an OperationOutcome quotes " + id + ": " + text.strip());
			}
		}
	}

	private void checkCount(Token token, String request, Bundle bundle, List<String> leaks) {
		String[] path = request.replaceFirst("^(GET|POST) ", "").replaceFirst("^.*/fhir/", "").split("\\?", 2)[0].split("/");
		// Type?... or Patient/x/Type?... (a compartment search)
		String type = path.length == 1 ? path[0] : path.length == 3 ? path[2] : "";
		if (bundle.getType() != Bundle.BundleType.SEARCHSET || !LeakOracleSnapshot.PATIENT_DATA_TYPES.contains(type)) {
			return;
		}
		long reachable = snapshot.records.keySet().stream()
				.filter(key -> key.startsWith(type + "/") && token.reaches(snapshot.owners.get(key)))
				.count();
		if (bundle.getTotal() > reachable) {
			leaks.add("a total of " + bundle.getTotal() + " " + type + " where the token reaches " + reachable);
		}
	}
}
