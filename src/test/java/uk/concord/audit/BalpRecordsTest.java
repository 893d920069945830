package uk.concord.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import ca.uhn.fhir.storage.interceptor.balp.HapiBalpRecords;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Concord makes the read, search and write records itself (HAPI's narrative costs a search page of 50 patients 14 %,
 * a transaction 2 %): they must be the records HAPI's BALP interceptor makes of the same request, field for field.
 */
class BalpRecordsTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final Date RECORDED = new Date(0);
	private static final String BASIC = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
	private final AuditDetails details = new AuditDetails();

	@Test
	void aSearchPageMakesHapisRecordOncePerPatientItShowed() {
		ServletRequestDetails request = request(RestOperationTypeEnum.SEARCH_TYPE, "Condition",
				"code", "https://www.orpha.net|98896", "_count", "50", "_include", "Condition:subject");
		SimplePreResourceShowDetails page = new SimplePreResourceShowDetails(List.of(
				condition("c1", "Patient/b"), condition("c2", "Patient/a"), condition("c3", "Patient/a"), patient("a")));

		List<AuditEvent> ours = concords(page, request);

		assertThat(ours).hasSize(2);
		assertThat(patientsNamed(ours)).containsExactly("Patient/a", "Patient/b");
		assertSameAsHapis(ours, page, request);
	}

	@Test
	void aSearchShowingNoPatientsDataMakesOneQueryRecordWithoutAPatient() {
		ServletRequestDetails request = request(RestOperationTypeEnum.SEARCH_TYPE, "Organization", "name", "Evelina & co");
		SimplePreResourceShowDetails page = new SimplePreResourceShowDetails(List.of(organisation("o1"), organisation("o2")));

		List<AuditEvent> ours = concords(page, request);

		assertThat(ours).extracting(BalpRecordsTest::profileOf).containsExactly(BASIC + "Query");
		assertSameAsHapis(ours, page, request);
	}

	@Test
	void theNextPageOfASearchIsRecordedAsASearch() {
		ServletRequestDetails request = request(RestOperationTypeEnum.GET_PAGE, "", "_getpages", "abc", "_getpagesoffset", "50");
		SimplePreResourceShowDetails page = new SimplePreResourceShowDetails(List.of(condition("c1", "Patient/a")));

		List<AuditEvent> ours = concords(page, request);

		assertThat(ours).singleElement().satisfies(record ->
				assertThat(record.getSubtypeFirstRep().getCode()).isEqualTo("search-type"));
		assertSameAsHapis(ours, page, request);
	}

	@Test
	void readingAPatientsResourceNamesItWithItsVersionAndThePatient() {
		ServletRequestDetails request = request(RestOperationTypeEnum.READ, "Condition/c1");
		SimplePreResourceShowDetails shown = new SimplePreResourceShowDetails(condition("c1", "Patient/a"));

		List<AuditEvent> ours = concords(shown, request);

		assertThat(ours).singleElement().satisfies(record -> assertThat(record.getEntity())
				.extracting(entity -> entity.getWhat().getReference())
				.contains("Condition/c1/_history/3", "Patient/a"));
		assertSameAsHapis(ours, shown, request);
	}

	@Test
	void readingAPatientNamesThePatientWithoutItsVersion() {
		ServletRequestDetails request = request(RestOperationTypeEnum.VREAD, "Patient/a/_history/3");
		SimplePreResourceShowDetails shown = new SimplePreResourceShowDetails(patient("a"));

		assertSameAsHapis(concords(shown, request), shown, request);
	}

	@Test
	void readingAResourceInNoPatientsRecordMakesABasicRead() {
		ServletRequestDetails request = request(RestOperationTypeEnum.READ, "Organization/o1");
		SimplePreResourceShowDetails shown = new SimplePreResourceShowDetails(organisation("o1"));

		List<AuditEvent> ours = concords(shown, request);

		assertThat(ours).extracting(BalpRecordsTest::profileOf).containsExactly(BASIC + "Read");
		assertSameAsHapis(ours, shown, request);
	}

	@Test
	void aCareTeamIsRecordedForItsPatientNotForItsMembers() {
		ServletRequestDetails request = request(RestOperationTypeEnum.SEARCH_TYPE, "CareTeam", "subject", "Patient/a");
		CareTeam team = new CareTeam().setSubject(new Reference("Patient/a"));
		team.setId("CareTeam/t1/_history/1");
		team.addParticipant().setMember(new Reference("Practitioner/p1"));
		team.addParticipant().setMember(new Reference("Organization/o1"));
		SimplePreResourceShowDetails page = new SimplePreResourceShowDetails(team);

		List<AuditEvent> ours = concords(page, request);

		assertThat(patientsNamed(ours)).containsExactly("Patient/a");
		assertSameAsHapis(ours, page, request);
	}

	@Test
	void whatWasHiddenFromTheCallerIsNotRecordedAsShown() {
		ServletRequestDetails request = request(RestOperationTypeEnum.READ, "Condition/c1");
		SimplePreResourceShowDetails shown = new SimplePreResourceShowDetails(condition("c1", "Patient/a"));
		shown.setResource(0, null);

		assertThat(concords(shown, request)).isEmpty();
	}

	@Test
	void theNarrativeIsHapisOwn() {
		ServletRequestDetails request = request(RestOperationTypeEnum.READ, "Patient/a");
		SimplePreResourceShowDetails shown = new SimplePreResourceShowDetails(patient("a"));

		assertThat(concords(shown, request).get(0).getText().getDivAsString())
				.isEqualTo(HapiBalpRecords.of(details, shown, request).get(0).getText().getDivAsString())
				.isEqualTo("<div xmlns=\"http://www.w3.org/1999/xhtml\">Audit Event</div>");
	}

	@Test
	void creatingAPatientsResourceMakesHapisPatientCreateRecord() {
		ServletRequestDetails request = request(RestOperationTypeEnum.CREATE, "Condition");
		Condition created = condition("c1", "Patient/a");

		AuditEvent ours = written(Write.CREATE, created, request);

		assertThat(profileOf(ours)).isEqualTo(BASIC + "PatientCreate");
		assertThat(ours.getEntity()).extracting(entity -> entity.getWhat().getReference())
				.contains("Condition/c1/_history/3", "Patient/a");
		assertSameAsHapis(ours, Write.CREATE, created, request);
	}

	@Test
	void updatingACareTeamNamesItsPatientOnceNotItsMembers() {
		ServletRequestDetails request = request(RestOperationTypeEnum.UPDATE, "CareTeam/t1");
		CareTeam team = new CareTeam().setSubject(new Reference("Patient/a"));
		team.setId("CareTeam/t1/_history/2");
		team.addParticipant().setMember(new Reference("Practitioner/p1"));
		team.addParticipant().setMember(new Reference("Organization/o1"));

		AuditEvent ours = written(Write.UPDATE, team, request);

		assertThat(patientsNamed(List.of(ours))).containsExactly("Patient/a");
		assertSameAsHapis(ours, Write.UPDATE, team, request);
	}

	@Test
	void updatingAPatientNamesThePatientWithoutItsVersion() {
		ServletRequestDetails request = request(RestOperationTypeEnum.UPDATE, "Patient/a");

		assertSameAsHapis(written(Write.UPDATE, patient("a"), request), Write.UPDATE, patient("a"), request);
	}

	@Test
	void deletingAResourceInNoPatientsRecordMakesHapisBasicDeleteRecord() {
		ServletRequestDetails request = request(RestOperationTypeEnum.DELETE, "Organization/o1");

		AuditEvent ours = written(Write.DELETE, organisation("o1"), request);

		assertThat(profileOf(ours)).isEqualTo(BASIC + "Delete");
		assertThat(patientsNamed(List.of(ours))).isEmpty();
		assertSameAsHapis(ours, Write.DELETE, organisation("o1"), request);
	}

	private enum Write { CREATE, UPDATE, DELETE }

	/** The one record Concord makes of a write. */
	private AuditEvent written(Write write, IBaseResource resource, ServletRequestDetails request) {
		List<AuditEvent> records = new ArrayList<>();
		BalpCapture capture = new BalpCapture(records::add, details);
		switch (write) {
			case CREATE -> capture.created(resource, request);
			case UPDATE -> capture.updated(null, resource, request);
			case DELETE -> capture.deleted(resource, request);
		}
		assertThat(records).hasSize(1);
		return records.get(0);
	}

	private void assertSameAsHapis(AuditEvent ours, Write write, IBaseResource resource, ServletRequestDetails request) {
		List<AuditEvent> hapis = new ArrayList<>();
		BalpAuditCaptureInterceptor hapi = new BalpAuditCaptureInterceptor(hapis::add, details);
		switch (write) {
			case CREATE -> hapi.hookStoragePrecommitResourceCreated(resource, request);
			case UPDATE -> hapi.hookStoragePrecommitResourceUpdated(null, resource, request);
			case DELETE -> hapi.hookStoragePrecommitResourceDeleted(resource, request);
		}
		assertThat(hapis).hasSize(1);
		assertThat(comparable(ours)).isEqualTo(comparable(hapis.get(0)));
	}

	private List<AuditEvent> concords(IPreResourceShowDetails shown, ServletRequestDetails request) {
		List<AuditEvent> records = new ArrayList<>();
		new BalpCapture(records::add, details).shown(shown, request);
		return records;
	}

	/** Equal in every element but the time recorded and how the narrative's node was made (compared as text). */
	private void assertSameAsHapis(List<AuditEvent> ours, IPreResourceShowDetails shown, ServletRequestDetails request) {
		List<AuditEvent> hapis = HapiBalpRecords.of(details, shown, request);
		assertThat(ours).hasSameSizeAs(hapis);
		for (int i = 0; i < ours.size(); i++) {
			assertThat(comparable(ours.get(i))).isEqualTo(comparable(hapis.get(i)));
		}
	}

	private static String comparable(AuditEvent record) {
		AuditEvent copy = record.copy();
		copy.setRecorded(RECORDED);
		return FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(copy);
	}

	private static String profileOf(AuditEvent record) {
		return record.getMeta().getProfile().get(0).getValue();
	}

	private static List<String> patientsNamed(List<AuditEvent> records) {
		return records.stream().flatMap(record -> record.getEntity().stream())
				.filter(entity -> "1".equals(entity.getRole().getCode()))
				.map(entity -> entity.getWhat().getReference())
				.toList();
	}

	private static ServletRequestDetails request(RestOperationTypeEnum operation, String path, String... parameters) {
		MockHttpServletRequest http = new MockHttpServletRequest("GET", "/fhir/" + path);
		http.setRemoteAddr("10.1.2.3");
		ServletRequestDetails request = new ServletRequestDetails();
		request.setServer(new RestfulServer(FHIR));
		request.setServletRequest(http);
		request.setFhirServerBase("http://concord.test/fhir");
		request.setRestOperationType(operation);
		request.setRequestType(RequestTypeEnum.GET);
		request.setRequestPath(path);
		request.setRequestId("request-1");
		Map<String, String[]> values = new LinkedHashMap<>();
		for (int i = 0; i < parameters.length; i += 2) {
			values.put(parameters[i], new String[] {parameters[i + 1]});
		}
		request.setParameters(values);
		StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
		values.forEach((name, value) -> query.add(name + "=" + value[0]));
		request.setCompleteUrl("http://concord.test/fhir/" + path + query);
		return request;
	}

	private static Condition condition(String id, String subject) {
		Condition condition = new Condition().setSubject(new Reference(subject));
		condition.setId("Condition/" + id + "/_history/3");
		return condition;
	}

	private static Patient patient(String id) {
		Patient patient = new Patient();
		patient.setId("Patient/" + id + "/_history/3");
		return patient;
	}

	private static Organization organisation(String id) {
		Organization organisation = new Organization();
		organisation.setId("Organization/" + id + "/_history/1");
		return organisation;
	}
}
