package uk.concord.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Loads the cohort into one FHIR server as transactions, then runs the same read/search workload against it with
 * a number of concurrent clients (each its own connection), and prints one line per operation:
 * {@code RESULT|operation|ops/s|p50 ms|p99 ms|count|errors|1-minute load average at its end|p95 ms} (the machine
 * is shared, so the load goes beside every figure; p95 is last so that readers of the earlier fields need not change:
 * issue 12's scale target is stated as p95). bench/compare.sh runs it against stock HAPI and
 * Concord in turn and makes the table. Options (all --key=value):
 * <ul>
 * <li>{@code --root} server root (http://127.0.0.1:8090); {@code --fhir-path} (/fhir)</li>
 * <li>{@code --auth} {@code concord} (client-credentials tokens from Concord's development authorization server:
 * ehr-system for ingest and searches, gp-riverside for the GP lookup) or {@code none} (stock HAPI)</li>
 * <li>{@code --patients}, {@code --clients}, {@code --seconds} measured per operation, {@code --warmup} seconds</li>
 * <li>{@code --template} the example family bundle; {@code --skip} operations to leave out (comma separated;
 * {@code ingest} too, to run the rows against a server loaded earlier with the same {@code --patients})</li>
 * <li>{@code --ingest-warmup} how many families are loaded one by one, unmeasured, before the measured ingest (4)</li>
 * <li>{@code --write-every-ms} in the {@code gp-writing} row, how often one more client writes a care team (1000)</li>
 * </ul>
 * The {@code gp-writing} row is the GP lookup while care records change, as they do in use: beside the clients, one
 * more writes a care team (a new version of a random patient's) at a steady rate, and prints
 * {@code WRITES|gp-writing|writes|errors|p50 ms|p99 ms}.
 */
public final class LoadDriver {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String root;
	private final String fhir;
	private final int clients;
	private final Cohort cohort;
	private final Map<String, String> tokens = new LinkedHashMap<>();
	private int ingestWarmup;
	private long writeEveryMs;

	private LoadDriver(String root, String fhirPath, int clients, Cohort cohort) {
		this.root = root;
		this.fhir = root + fhirPath;
		this.clients = clients;
		this.cohort = cohort;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> opt = new LinkedHashMap<>(Map.of(
				"root", "http://127.0.0.1:8090", "fhir-path", "/fhir", "auth", "none", "patients", "300",
				"clients", "4", "seconds", "30", "warmup", "10",
				"template", "ig/examples/bundles/Bundle-1-dmd-child-record.json", "skip", "", "ingest-warmup", "4"));
		opt.put("write-every-ms", "1000");
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (!arg.startsWith("--") || eq < 0 || !opt.containsKey(arg.substring(2, eq))) {
				throw new IllegalArgumentException("unknown option " + arg + "; known: " + opt.keySet());
			}
			opt.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		int patients = Integer.parseInt(opt.get("patients"));
		LoadDriver driver = new LoadDriver(opt.get("root"), opt.get("fhir-path"), Integer.parseInt(opt.get("clients")),
				new Cohort(Path.of(opt.get("template")), patients));
		if (opt.get("auth").equals("concord")) {
			driver.tokens.put("ehr", driver.token("ehr-system"));
			driver.tokens.put("gp", driver.token("gp-riverside"));
		}
		driver.ingestWarmup = Integer.parseInt(opt.get("ingest-warmup"));
		driver.writeEveryMs = Long.parseLong(opt.get("write-every-ms"));
		List<String> skip = List.of(opt.get("skip").split(","));
		if (!skip.contains("ingest")) {
			driver.ingest();
		}
		int seconds = Integer.parseInt(opt.get("seconds"));
		int warmup = Integer.parseInt(opt.get("warmup"));
		for (Operation op : driver.workload()) {
			if (!skip.contains(op.name())) {
				driver.run(op, warmup, seconds);
			}
		}
	}

	/** One kind of request: its name in the table, the client it runs as, and its path for patient i. */
	private record Operation(String name, String client, IntFunction<String> path) {
	}

	private List<Operation> workload() {
		String nhs = enc(Cohort.NHS_SYSTEM + "|");
		IntFunction<String> gp = i -> "/CareTeam?subject:Patient.identifier=" + nhs + cohort.nhsNumber(i)
				+ "&status=active&_include=CareTeam:participant";
		return List.of(
				new Operation("read", "ehr", i -> "/Patient/" + cohort.patientId(i)),
				new Operation("nhs", "ehr", i -> "/Patient?identifier=" + nhs + cohort.nhsNumber(i)),
				new Operation("gp", "gp", gp),
				new Operation("gp-writing", "gp", gp),
				new Operation("careplan", "ehr", i -> "/CarePlan?subject=Patient/" + cohort.patientId(i)
						+ "&_include=CarePlan:care-team"),
				new Operation("orpha", "ehr", i -> "/Condition?code=" + enc("https://www.orpha.net|" + Cohort.ORPHACODE)
						+ "&_count=50"),
				new Operation("everything", "ehr", i -> "/Patient/" + cohort.patientId(i) + "/$everything"),
				new Operation("content", "ehr", i -> "/DocumentReference?_content=neuromuscular&_count=20"),
				new Operation("summary", "ehr", i -> "/Patient/" + cohort.patientId(i) + "/$summary"),
				new Operation("passport", "ehr", i -> "!/passport/Patient/" + cohort.patientId(i)));
	}

	/** The shared transaction, then every family's transaction, spread over the clients: transactions/s. */
	private void ingest() throws Exception {
		HttpClient http = client();
		HttpResponse<String> shared = http.send(post(cohort.sharedTransaction()), HttpResponse.BodyHandlers.ofString());
		if (shared.statusCode() / 100 != 2) {
			throw new IllegalStateException("shared transaction refused: " + shared.statusCode() + " " + shared.body());
		}
		// the first transactions meet a cold server (validator caches, JIT): loaded one by one, not measured
		int warm = Math.min(ingestWarmup, cohort.size());
		for (int i = 0; i < warm; i++) {
			HttpResponse<String> response = http.send(post(cohort.familyTransaction(i)), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException("transaction " + i + " refused: " + response.statusCode() + " " + response.body());
			}
		}
		AtomicInteger next = new AtomicInteger(warm);
		Result result = parallel(() -> {
			int i = next.getAndIncrement();
			return i < cohort.size() ? post(cohort.familyTransaction(i)) : null;
		}, Long.MAX_VALUE);
		result.print("ingest");
	}

	private void run(Operation op, int warmupSeconds, int seconds) throws Exception {
		AtomicLong seed = new AtomicLong(42);
		ThreadLocal<SplittableRandom> random = ThreadLocal.withInitial(() -> new SplittableRandom(seed.getAndIncrement()));
		ThrowingSupplier<HttpRequest> requests = () -> get(op, random.get().nextInt(cohort.size()));
		CareTeamWriter writer = op.name().endsWith("-writing") ? new CareTeamWriter() : null;
		if (writer != null) {
			writer.start();
		}
		if (warmupSeconds > 0) {
			parallel(requests, System.nanoTime() + warmupSeconds * 1_000_000_000L);
		}
		if (writer != null) {
			writer.measureFromNow();
		}
		Result result = parallel(requests, System.nanoTime() + seconds * 1_000_000_000L);
		if (writer != null) {
			writer.stopAndPrint(op.name());
		}
		result.print(op.name());
	}

	/** One more client, writing a random patient's care team every writeEveryMs while a row runs. */
	private final class CareTeamWriter extends Thread {
		private final HttpClient http = client();
		private final SplittableRandom random = new SplittableRandom(7);
		private volatile boolean running = true;
		private volatile Histogram measured = new Histogram(3);
		private volatile int errors;
		private long revision;

		void measureFromNow() {
			measured = new Histogram(3);
			errors = 0;
		}

		@Override
		public void run() {
			long next = System.nanoTime();
			while (running) {
				int i = random.nextInt(cohort.size());
				long start = System.nanoTime();
				try {
					HttpRequest put = authorised(HttpRequest.newBuilder(URI.create(fhir + "/CareTeam/" + cohort.careTeamId(i))), "ehr")
							.header("Content-Type", "application/fhir+json")
							.PUT(HttpRequest.BodyPublishers.ofString(cohort.careTeamRevision(i, ++revision)))
							.build();
					HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() / 100 != 2) {
						errors++;
						System.out.println("WRITE-ERROR|" + response.statusCode() + "|" + response.body().replace('\n', ' '));
					}
				} catch (Exception e) {
					errors++;
				}
				measured.recordValue(System.nanoTime() - start);
				next += writeEveryMs * 1_000_000L;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					try {
						Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
					} catch (InterruptedException e) {
						return;
					}
				}
			}
		}

		void stopAndPrint(String name) throws InterruptedException {
			running = false;
			join();
			Histogram h = measured;
			System.out.printf("WRITES|%s|%d|%d|%.0f|%.0f%n", name, h.getTotalCount(), errors,
					h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6);
		}
	}

	/** Runs the clients until the requests run out or the deadline passes. */
	private Result parallel(ThrowingSupplier<HttpRequest> requests, long deadlineNanos) throws InterruptedException {
		Result result = new Result();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			Thread thread = new Thread(() -> {
				HttpClient http = client();
				Histogram mine = new Histogram(3);
				int errors = 0;
				try {
					HttpRequest request;
					while (System.nanoTime() < deadlineNanos && (request = requests.get()) != null) {
						long start = System.nanoTime();
						HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
						mine.recordValue(System.nanoTime() - start);
						if (response.statusCode() / 100 != 2) {
							errors++;
							result.firstError(request.uri() + " -> " + response.statusCode() + " " + response.body());
						}
					}
				} catch (Exception e) {
					errors++;
					result.firstError(e.toString());
				}
				result.add(mine, errors);
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		result.finish();
		return result;
	}

	private HttpRequest get(Operation op, int patient) {
		String path = op.path().apply(patient);
		String url = path.startsWith("!") ? root + path.substring(1) : fhir + path;
		return authorised(HttpRequest.newBuilder(URI.create(url)), op.client()).GET().build();
	}

	private HttpRequest post(String bundle) {
		return authorised(HttpRequest.newBuilder(URI.create(fhir)), "ehr")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(bundle))
				.build();
	}

	private HttpRequest.Builder authorised(HttpRequest.Builder builder, String client) {
		builder.header("Accept", "application/fhir+json").timeout(Duration.ofMinutes(5));
		String token = tokens.get(client);
		return token == null ? builder : builder.header("Authorization", "Bearer " + token);
	}

	private String token(String client) throws IOException, InterruptedException {
		String basic = Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = client().send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("no token for " + client + ": " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body()).get("access_token").asText();
	}

	private static HttpClient client() {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		} catch (IOException e) {
			return "?";
		}
	}

	@FunctionalInterface
	private interface ThrowingSupplier<T> {
		T get() throws Exception;
	}

	/** Latencies of all clients together, the wall time they took and the non-2xx answers. */
	private static final class Result {
		private final Histogram latencies = new Histogram(3);
		private final long start = System.nanoTime();
		private long elapsed;
		private int errors;
		private String firstError;

		synchronized void add(Histogram h, int e) {
			latencies.add(h);
			errors += e;
		}

		synchronized void firstError(String message) {
			if (firstError == null) {
				firstError = message.length() > 600 ? message.substring(0, 600) : message;
			}
		}

		void finish() {
			elapsed = System.nanoTime() - start;
		}

		void print(String name) {
			long ok = latencies.getTotalCount() - errors;
			System.out.printf("RESULT|%s|%.1f|%.0f|%.0f|%d|%d|%s|%.0f%n", name, ok / (elapsed / 1e9),
					latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
					latencies.getTotalCount(), errors, loadAverage(), latencies.getValueAtPercentile(95) / 1e6);
			if (firstError != null) {
				System.out.println("FIRST-ERROR|" + name + "|" + firstError.replace('\n', ' '));
			}
			System.out.flush();
		}
	}
}
