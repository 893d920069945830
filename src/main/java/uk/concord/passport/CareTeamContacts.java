package uk.concord.passport;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import uk.concord.profiles.CurrentPeriod;
import uk.concord.record.Vocabulary;

/** The care coordinator and the care team's current members from the document's care team section. */
final class CareTeamContacts {

	static final String CARE_TEAM_ROLE_SYSTEM = Vocabulary.CARE_TEAM_ROLE;
	static final String COORDINATOR_ROLE = "care-coordinator";

	private final DocumentReader document;

	private CareTeamContacts(DocumentReader document) {
		this.document = document;
	}

	static PassportView.Team of(DocumentReader document) {
		return new CareTeamContacts(document).team();
	}

	private PassportView.Team team() {
		List<String> names = new ArrayList<>();
		List<PassportView.Phone> phones = new ArrayList<>();
		Map<String, PassportView.Person> coordinators = new LinkedHashMap<>();
		Map<String, PassportView.Person> members = new LinkedHashMap<>();
		String subject = document.composition().getSubject().getReference();
		for (CareTeam team : document.entries(ConcordIpsGenerationStrategy.SECTION_CODE_CARE_TEAM, CareTeam.class)) {
			String teamName = team.hasName() ? team.getName() : "Care team";
			if (team.hasName() && !names.contains(teamName)) {
				names.add(teamName);
			}
			phones.addAll(PassportText.phones(teamName, team.getTelecom()));
			for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
				// Former and future members (a coordinator who handed over, or takes over tomorrow) are not who to
				// call now.
				if (!CurrentPeriod.isCurrent(participant.getPeriod(), LocalDate.now())
						|| subject != null && subject.equals(participant.getMember().getReference())
						|| PassportText.hasCode(participant.getRole(), CARE_TEAM_ROLE_SYSTEM, "patient")) {
					continue;
				}
				boolean coordinator = PassportText.hasCode(participant.getRole(), CARE_TEAM_ROLE_SYSTEM, COORDINATOR_ROLE);
				PassportView.Person person = person(participant, coordinator);
				(coordinator ? coordinators : members).putIfAbsent(person.name() + "|" + person.role(), person);
			}
		}
		return new PassportView.Team(names, phones, List.copyOf(coordinators.values()), List.copyOf(members.values()));
	}

	private PassportView.Person person(CareTeam.CareTeamParticipantComponent participant, boolean coordinator) {
		String name = memberName(participant.getMember());
		String role = coordinator ? "Care coordinator" : PassportText.display(participant.getRole());
		String whose = role.isBlank() ? name : name + ", " + PassportText.uncapitalised(role);
		return new PassportView.Person(name, role, organisation(participant),
				PassportText.phones(whose, memberTelecom(participant.getMember())));
	}

	private String memberName(Reference member) {
		String name = document.resolve(member, Resource.class).map(r -> {
			if (r instanceof Practitioner p) {
				return p.getName().stream().findFirst().map(PassportText::name).orElse("");
			}
			if (r instanceof RelatedPerson p) {
				return p.getName().stream().findFirst().map(PassportText::name).orElse("");
			}
			if (r instanceof Organization o) {
				return o.getName();
			}
			if (r instanceof Patient p) {
				return PassportText.name(p);
			}
			return "";
		}).orElse("");
		return name == null || name.isBlank() ? (member.hasDisplay() ? member.getDisplay() : "") : name;
	}

	private List<ContactPoint> memberTelecom(Reference member) {
		return document.resolve(member, Resource.class).map(r -> {
			if (r instanceof Practitioner p) {
				return p.getTelecom();
			}
			if (r instanceof RelatedPerson p) {
				return p.getTelecom();
			}
			if (r instanceof Organization o) {
				return o.getTelecom();
			}
			return List.<ContactPoint>of();
		}).orElse(List.of());
	}

	private String organisation(CareTeam.CareTeamParticipantComponent participant) {
		Reference org = participant.getOnBehalfOf();
		if (org.isEmpty()) {
			return "";
		}
		String name = document.resolve(org, Organization.class).map(Organization::getName).orElse(null);
		if (name != null) {
			return name;
		}
		if (org.hasDisplay()) {
			return org.getDisplay();
		}
		return org.hasIdentifier() ? "ODS " + org.getIdentifier().getValue() : "";
	}
}
