package uk.concord.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.concord.testing.Subscribing.TEAM;
import static uk.concord.testing.Subscribing.TEAM_ODS;
import static uk.concord.testing.Subscribing.activeSubscription;
import static uk.concord.testing.Subscribing.changeConditionOf;
import static uk.concord.testing.Subscribing.patientCaredForBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import uk.concord.testing.ConcordProcess;
import uk.concord.testing.EnabledIfPostgresAvailable;
import uk.concord.testing.FhirHttp;
import uk.concord.testing.HookReceiver;
import uk.concord.testing.NhsNumbers;
import uk.concord.testing.PostgresDatabases;
import uk.concord.testing.SharedRecord;
import uk.concord.testing.Subscribing;
import uk.concord.testing.TwoNodeCluster;
import uk.concord.testing.UsesTheTwoNodeCluster;

/**
 * The cluster profile for real ({@link TwoNodeCluster}): whatever one node does, the other sees at once;
 * no node keeps state another needs; clustered jobs run once per cluster; the coordination gaps report on one node
 * follows what the other writes, review reminders made by either node are made once, and a team system's REST hook
 * is told once of each write, whichever node made it.
 */
@EnabledIfPostgresAvailable
@UsesTheTwoNodeCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

	private static final Duration CATCH_UP_INTERVAL = TwoNodeCluster.JOB_INTERVAL;
	private static final Pattern CATCH_UP_RUN = Pattern.compile("Full-text catch-up run scheduled for (\\S+) indexed");

	private String database;
	private ConcordProcess first;
	private ConcordProcess second;

	@BeforeAll
	void joinTheCluster(TwoNodeCluster cluster) {
		database = cluster.database();
		first = cluster.first();
		second = cluster.second();
	}

	@Test
	void aWriteOnOneNodeIsReadSearchedAndFoundByContentOnTheOtherAtOnce() {
		String nhsNumber = NhsNumbers.random();
		String word = "cluster" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		long started = System.nanoTime();
		Bundle written = first.fhir().client().transaction().withBundle(SharedRecord.forPatient(nhsNumber, "Shared", word)).execute();
		long answered = System.nanoTime();
		String patient = new IdType(written.getEntry().get(2).getResponse().getLocation()).getIdPart();

		FhirHttp other = second.fhir();
		assertThat(new StoredRecords(other).foundByContent(word)).as("care plan and letter found by _content").isEqualTo(2);
		System.out.printf("Transaction on node-1 %d ms; both _content searches on node-2 right after it %d ms%n",
				(answered - started) / 1_000_000, (System.nanoTime() - answered) / 1_000_000);
		assertThat(other.get("Patient/" + patient).status()).isEqualTo(200);
		assertThat(other.get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber).as(Bundle.class).getEntry()).hasSize(1);
	}

	/** Each node keeps who may see whom between requests; a consent written on the other node must end that at once. */
	@Test
	void aConsentWrittenOnOneNodeClosesTheRecordToAnOrganisationOnTheOtherAtOnce() {
		String nhsNumber = NhsNumbers.random();
		String record = SharedRecord.json(nhsNumber, "Consenting", "cluster")
				.replace(SharedRecord.odsCodeOf(nhsNumber), "RRK");
		assertThat(first.fhir().post("", "application/fhir+json", record).status()).isEqualTo(200);
		String patient = first.fhir().get("Patient?identifier=" + NhsNumbers.SYSTEM + "|" + nhsNumber).as(Bundle.class)
				.getEntryFirstRep().getResource().getIdElement().getIdPart();
		FhirHttp edOnSecond = second.fhir().as("ed-clinician");
		assertThat(edOnSecond.get("Patient/" + patient).status()).isEqualTo(200);

		assertThat(first.fhir().post("Consent", "application/fhir+json", SharedRecord.consentDenyingRrk(patient, null))
				.status()).isEqualTo(201);

		assertThat(edOnSecond.get("Patient/" + patient).status()).isEqualTo(403);
		assertThat(edOnSecond.get("Condition?subject=Patient/" + patient).body()).doesNotContain("\"resourceType\":\"Condition\"");
	}

	@Test
	void aTokenIssuedByOneNodeIsAcceptedByTheOther() {
		String firstNodesToken = first.fhir().token();
		FhirHttp.Response answer = second.fhir().anonymous().send(HttpRequest.newBuilder(second.fhir().uri("Patient?_count=1"))
				.header("Authorization", "Bearer " + firstNodesToken).GET());
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
	}

	@Test
	void pagesOfAnIncrementalSyncStartedOnOneNodeAreServedFilteredByTheOther() {
		Bundle written = first.fhir().client().transaction()
				.withBundle(SharedRecord.forPatient(NhsNumbers.random(), "Paged", "paging")).execute();
		String patient = new IdType(written.getEntry().get(2).getResponse().getLocation()).getIdPart();
		String plan = new IdType(written.getEntry().get(6).getResponse().getLocation()).getIdPart();
		Instant lastSync = written.getEntry().stream().map(e -> e.getResponse().getLastModified().toInstant())
				.max(Instant::compareTo).orElseThrow().plusMillis(1);
		String changed = first.fhir().get("CarePlan/" + plan).body().replace("\"status\":\"active\"", "\"status\":\"on-hold\"");
		assertThat(first.fhir().send(HttpRequest.newBuilder(first.fhir().uri("CarePlan/" + plan))
				.header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(changed))).status()).isEqualTo(200);

		Bundle firstPage = first.fhir().get("Patient/" + patient + "/$everything?_count=2&_since=" + lastSync).as(Bundle.class);
		List<String> ids = new ArrayList<>();
		firstPage.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
		int pagesOnTheOtherNode = 0;
		for (Bundle page = firstPage; page.getLink(Bundle.LINK_NEXT) != null; pagesOnTheOtherNode++) {
			page = second.fhir().get(onNode(second, page.getLink(Bundle.LINK_NEXT).getUrl())).as(Bundle.class);
			page.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
		}

		assertThat(pagesOnTheOtherNode).as("pages served by the other node").isPositive();
		assertThat(ids).as("only what changed since the sync, on every page").containsExactly(plan);
	}

	@Test
	void clusteredJobsRunOncePerClusterNotOncePerNode() throws SQLException {
		Instant from = Instant.now().plusSeconds(2);
		Duration window = CATCH_UP_INTERVAL.multipliedBy(8);
		await("the job's runs over " + window).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
				.until(() -> Instant.now().isAfter(from.plus(window).plus(CATCH_UP_INTERVAL)));

		List<Instant> runs = new ArrayList<>(catchUpRuns(first));
		runs.addAll(catchUpRuns(second));
		List<Instant> inWindow = runs.stream().filter(run -> !run.isBefore(from) && run.isBefore(from.plus(window))).toList();
		// once per cluster: one run per interval, 8 in the window (fewer if the machine is too busy to keep time);
		// once per node would be about 16
		assertThat(inWindow).as("runs scheduled in the window, both nodes together").doesNotHaveDuplicates().hasSizeBetween(1, 9);
		try (Connection connection = PostgresDatabases.connect(database)) {
			assertThat(count(connection, "select count(*) from qrtz_triggers where trigger_name like '%FullTextCatchUp%'"))
					.as("one trigger for the whole cluster").isEqualTo(1);
			assertThat(count(connection, "select count(*) from qrtz_scheduler_state")).as("both nodes checked in").isEqualTo(2);
		}
	}

	@Test
	void theGapsReportOnOneNodeFollowsWritesMadeOnTheOther() {
		second.fhir().get("$coordination-gaps"); // node-2 now holds the population in memory
		Bundle written = first.fhir().client().transaction()
				.withBundle(SharedRecord.forPatient(NhsNumbers.random(), "Gaps", "cluster")).execute();
		String patient = "Patient/" + new IdType(written.getEntry().get(2).getResponse().getLocation()).getIdPart();
		String plan = new IdType(written.getEntry().get(6).getResponse().getLocation()).getIdPart();

		assertThat(gapListsOn(second)).as("gaps on node-2 of a record written on node-1")
				.contains("no-emergency-care-plan " + patient).doesNotContain("no-active-care-plan " + patient);

		String onHold = first.fhir().get("CarePlan/" + plan).body().replace("\"status\":\"active\"", "\"status\":\"on-hold\"");
		assertThat(first.fhir().send(HttpRequest.newBuilder(first.fhir().uri("CarePlan/" + plan))
				.header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(onHold))).status()).isEqualTo(200);
		assertThat(gapListsOn(second)).as("after node-1 put the plan on hold").contains("no-active-care-plan " + patient);
	}

	@Test
	void theReviewReminderJobMakesOneTaskPerReviewOnTwoNodes() {
		Bundle record = SharedRecord.forPatient(NhsNumbers.random(), "Review", "cluster");
		CarePlan plan = record.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(CarePlan.class::isInstance).map(CarePlan.class::cast)
				.findFirst().orElseThrow();
		String review = LocalDate.now().plusDays(3).toString();
		plan.getExtension().get(0).setValue(new DateType(review));
		Bundle written = first.fhir().client().transaction().withBundle(record).execute();
		String planId = new IdType(written.getEntry().get(6).getResponse().getLocation()).getIdPart();

		String tasks = "Task?focus=CarePlan/" + planId;
		await("a review Task for the plan").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
				.until(() -> second.fhir().total(tasks) > 0);
		Instant madeAt = Instant.now();
		// several more runs of the job, on whichever node the cluster picks
		await().atMost(Duration.ofMinutes(1)).until(() -> Instant.now().isAfter(madeAt.plus(CATCH_UP_INTERVAL.multipliedBy(5))));

		assertThat(first.fhir().total(tasks)).as("review Tasks for the plan after many runs on two nodes").isEqualTo(1);
	}

	@Test
	void aWriteOnEitherNodeIsDeliveredOnceToASubscriptionMadeOnOne() {
		String patient = patientCaredForBy(first.fhir(), TEAM_ODS);
		try (HookReceiver receiver = HookReceiver.answering200()) {
			// made on one node, written on both: whichever node HAPI's clustered job matches them on, one notification each
			String subscription = activeSubscription(second.fhir().as(TEAM), "Condition?patient=Patient/" + patient,
					receiver.endpoint());

			String condition = changeConditionOf(first.fhir(), patient, "Written on node-1");
			deliveredOnce(receiver, condition, versionOf(condition));
			changeConditionOf(second.fhir(), patient, "Written on node-2");
			deliveredOnce(receiver, condition, versionOf(condition));

			// the record's creation may be told too (queued writes are matched every second, by when the Subscription may
			// be active), but no version twice
			assertThat(receiver.received()).as("notifications, one per version").extracting(n -> n.path() + " " + n.body())
					.doesNotHaveDuplicates();
			Subscribing.delete(first.fhir().as(TEAM), "Subscription/" + subscription);
		}
	}

	private String versionOf(String condition) {
		return first.fhir().get("Condition/" + condition).as(Condition.class).getMeta().getVersionId();
	}

	/** Told of the write, and still exactly once after the cluster has had time to send it again. */
	private static void deliveredOnce(HookReceiver receiver, String condition, String version) {
		Predicate<HookReceiver.Notification> thisWrite = n -> n.path().endsWith("/Condition/" + condition)
				&& n.body().contains("\"versionId\":\"" + version + "\"");
		receiver.await(thisWrite);
		// the job that takes writes to be matched runs every second (matching-interval), on one node or the other:
		// five runs at least
		await("no second notification of version " + version).during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> receiver.received().stream().filter(thisWrite).count(), count -> count == 1);
	}

	/** "gap Patient/x" for every patient listed under every gap in a node's whole report. */
	private static List<String> gapListsOn(ConcordProcess node) {
		MeasureReport report = node.fhir().get("$coordination-gaps").as(MeasureReport.class);
		return report.getContained().stream().map(ListResource.class::cast)
				.flatMap(list -> list.getEntry().stream().map(e -> list.getIdElement().getIdPart().replace("#", "") + " "
						+ e.getItem().getReference()))
				.toList();
	}

	/** The scheduled times of the catch-up job's runs on one node, from its log. */
	private static List<Instant> catchUpRuns(ConcordProcess node) {
		try {
			List<Instant> runs = new ArrayList<>();
			Matcher matcher = CATCH_UP_RUN.matcher(Files.readString(node.log()));
			while (matcher.find()) {
				runs.add(Instant.parse(matcher.group(1)));
			}
			return runs;
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static int count(Connection connection, String sql) throws SQLException {
		try (ResultSet result = connection.createStatement().executeQuery(sql)) {
			result.next();
			return result.getInt(1);
		}
	}

	/** A link one node wrote (its own address), sent to another node instead: what a load balancer does. */
	private static String onNode(ConcordProcess node, String link) {
		URI uri = URI.create(link);
		return node.baseUrl().replace("/fhir", "") + uri.getRawPath() + "?" + uri.getRawQuery();
	}
}
