package uk.concord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Audit records on their way to the database, in a file: {@link AuditTrail} appends each record here before it
 * queues it, and notes here each record it has stored. A server killed with records still queued (they wait for a
 * pause between requests) finds them at its next start and stores them then, so a record handed to the audit trail
 * survives the process. The file is written, not flushed to disk (a flush per request would cost every request a
 * disk write): a killed process loses nothing, an operating-system crash or power cut can lose the records the kernel
 * had not yet written out (Linux writes dirty pages back within about 30 seconds).
 * <p>
 * {@code journal}: one line per record, its sequence number and its JSON. {@code stored}: the sequence number up to
 * which every record is in the database. Both live in {@code <data-dir>/audit/}; the journal is emptied whenever
 * everything in it is stored.
 */
final class AuditJournal {

	private static final long EMPTY_AFTER_BYTES = 1 << 20;

	/** Numbers as written (a decimal's digits are part of the record), fields in their order. */
	private static final ObjectMapper JSON = JsonMapper.builder()
			.nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.build();

	private final FhirContext fhir;
	/** Each request thread's last record naming one patient (a page's records are encoded on its request's thread). */
	private final ThreadLocal<EncodedShape> lastShape = new ThreadLocal<>();
	private final LongAdder writtenFromAlike = new LongAdder();
	private final FileChannel journal;
	private final FileChannel stored;
	/** Held while the stored file is written; not the journal's lock, which requests wait for (issue 12). */
	private final Object storing = new Object();
	private long lastAppended;
	private volatile long lastStored;

	AuditJournal(Path folder) {
		// A context of its own, whose parser does not look for referenced resources to contain: BALP's references
		// are all literal, so there is never one, and the search was 40 % of encoding a record (issue 12).
		fhir = FhirContext.forR4();
		fhir.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
		fhir.getResourceDefinition(AuditEvent.class); // its model scanned now, at start-up, not on the first request
		try {
			Files.createDirectories(folder);
			journal = FileChannel.open(folder.resolve("journal"),
					StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
			stored = FileChannel.open(folder.resolve("stored"),
					StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
			if (lockOrNull(stored) == null) {
				throw new IllegalStateException("Another Concord server is using the audit journal in " + folder);
			}
			lastStored = readStored();
			lastAppended = lastStored;
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot open the audit journal in " + folder, e);
		}
	}

	/** Records appended but never noted as stored, in order (after a kill); call once, before the first append. */
	synchronized List<Entry> unstored() {
		List<Entry> entries = new ArrayList<>();
		try {
			String content = new String(readAll(journal), StandardCharsets.UTF_8);
			// a last line the kill cut short was never handed over (its append had not returned): it goes
			int whole = content.lastIndexOf('\n') + 1;
			journal.truncate(content.substring(0, whole).getBytes(StandardCharsets.UTF_8).length);
			for (String line : content.substring(0, whole).split("\n")) {
				int tab = line.indexOf('\t');
				if (tab < 0) {
					continue;
				}
				long sequence = Long.parseLong(line.substring(0, tab));
				lastAppended = Math.max(lastAppended, sequence);
				if (sequence > lastStored) {
					String encoded = line.substring(tab + 1);
					entries.add(new Entry(sequence, parser().parseResource(AuditEvent.class, encoded), encoded));
				}
			}
			journal.position(journal.size());
		} catch (IOException | RuntimeException e) {
			throw new IllegalStateException("Cannot read the audit journal", e);
		}
		return entries;
	}

	/**
	 * The record as the journal and the database keep it. Any number of threads at once: encoding is most of what
	 * journaling a record costs, and a search page of 50 patients has 50 records to encode (issue 12), alike but for
	 * their patient and time, as one client's reads are but for their patient, request and time ({@link RecordShape}):
	 * those after the first are the first one's JSON with their own values.
	 */
	Encoded encode(AuditEvent event) {
		String json = encodedLikeTheLastAlike(event);
		return new Encoded(event, json, json.concat("\n").getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The record's JSON: written from the last record this thread encoded when alike, else encoded by HAPI, and then
	 * remembered in place of the last. Only a second record alike pays for reading the first one's JSON into a tree:
	 * most requests (a read, one patient's search) make one record.
	 */
	private String encodedLikeTheLastAlike(AuditEvent event) {
		RecordShape.Places places = RecordShape.placesOf(event);
		if (places == null) {
			return parser().encodeResourceToString(event);
		}
		RecordShape.Values own = RecordShape.valuesOf(event, places);
		EncodedShape last = lastShape.get();
		// the record with the stand-ins, copied when it is not like the last
		AuditEvent unlike = RecordShape.withStandIns(event, places, own, () -> last != null && last.places.equals(places)
				&& last.record.equalsDeep(event) ? null : event.copy());
		ObjectNode tree = unlike == null ? last.tree() : null;
		if (tree != null) {
			ObjectNode json = tree.deepCopy();
			put(json, places, own);
			try {
				String written = JSON.writeValueAsString(json);
				writtenFromAlike.increment();
				return written;
			} catch (JsonProcessingException e) {
				// encoded by HAPI below
			}
		}
		String json = parser().encodeResourceToString(event);
		if (unlike != null) {
			lastShape.set(new EncodedShape(unlike, places, json, own));
		}
		return json;
	}

	/** Puts a record's own values into the JSON of one alike. */
	private static void put(ObjectNode json, RecordShape.Places places, RecordShape.Values own) {
		for (int i = 0; i < places.patientEntities().length; i++) {
			((ObjectNode) whatOf(json, places.patientEntities()[i])).put("reference", own.patientReferences()[i]);
		}
		if (places.requestEntity() >= 0) {
			((ObjectNode) whatOf(json, places.requestEntity()).path("identifier")).put("value", own.requestId());
		}
		if (own.recorded() != null) {
			json.put("recorded", own.recorded());
		} else {
			json.remove("recorded");
		}
	}

	/** Whether a record's own values are in the JSON where {@link #put} puts them. */
	private static boolean holds(JsonNode json, RecordShape.Places places, RecordShape.Values own) {
		boolean holds = own.recorded() == null ? !json.has("recorded") : own.recorded().equals(json.path("recorded").asText());
		for (int i = 0; i < places.patientEntities().length; i++) {
			holds &= own.patientReferences()[i].equals(whatOf(json, places.patientEntities()[i]).path("reference").asText());
		}
		if (places.requestEntity() >= 0) {
			JsonNode identifier = whatOf(json, places.requestEntity()).path("identifier");
			holds &= identifier.isObject() && own.requestId().equals(identifier.path("value").asText());
		}
		return holds;
	}

	/** The {@code what} of a record's entity in its JSON (a missing node if there is none). */
	private static JsonNode whatOf(JsonNode record, int entity) {
		return record.path("entity").path(entity).path("what");
	}

	/** How many records were written from an alike one's JSON (for the test that they are). */
	long writtenFromAlike() {
		return writtenFromAlike.sum();
	}

	/**
	 * Writes the record to the file (the operating system has it when this returns) under the next sequence number;
	 * returns it with that number.
	 */
	synchronized Entry append(Encoded record) {
		long sequence = lastAppended + 1;
		ByteBuffer[] line = {ByteBuffer.wrap(Long.toString(sequence).concat("\t").getBytes(StandardCharsets.US_ASCII)),
				ByteBuffer.wrap(record.line())};
		try {
			while (line[1].hasRemaining()) {
				journal.write(line);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write to the audit journal", e);
		}
		lastAppended = sequence;
		return new Entry(sequence, record.event(), record.json());
	}

	/**
	 * Notes that every record up to {@code sequence} is in the database; empties the journal when nothing is left.
	 * Called by the audit writer, which runs at the lowest priority: it takes the journal's lock, which requests
	 * wait for, only to empty it.
	 */
	void stored(long sequence) {
		try {
			synchronized (storing) {
				stored.write(ByteBuffer.wrap(Long.toString(sequence).concat("\n").getBytes(StandardCharsets.US_ASCII)), 0);
				lastStored = sequence;
			}
			if (journal.size() > EMPTY_AFTER_BYTES) {
				emptyIfAllStored();
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write to the audit journal", e);
		}
	}

	private synchronized void emptyIfAllStored() throws IOException {
		if (lastStored == lastAppended) {
			journal.truncate(0);
			journal.position(0);
		}
	}

	/** A new parser each time: HAPI's parsers are not safe for threads to share. */
	private IParser parser() {
		// the version a record names (the version read) is part of the record
		return fhir.newJsonParser().setPrettyPrint(false).setStripVersionsFromReferences(false);
	}

	/** One server per data folder: its journal is its own until it exits. */
	private static FileLock lockOrNull(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		} catch (OverlappingFileLockException sameJvm) {
			return null;
		}
	}

	/** Closes the files, releasing the data folder to the next server (a context started again in the same JVM). */
	synchronized void close() {
		try {
			journal.close();
			synchronized (storing) {
				stored.close();
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot close the audit journal", e);
		}
	}

	private long readStored() throws IOException {
		String text = new String(readAll(stored), StandardCharsets.US_ASCII).strip();
		return text.isEmpty() ? 0 : Long.parseLong(text.lines().findFirst().orElse("0").strip());
	}

	private static byte[] readAll(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
		channel.read(buffer, 0);
		return buffer.array();
	}

	record Entry(long sequence, AuditEvent event, String json) {}

	/** A record with the stand-ins, where its own values are, and the JSON of the record it was made from. */
	private static final class EncodedShape {
		final AuditEvent record;
		final RecordShape.Places places;
		private final RecordShape.Values own;
		/** The JSON until {@link #tree()} reads it, then null. */
		private String json;
		private ObjectNode tree;

		EncodedShape(AuditEvent record, RecordShape.Places places, String json, RecordShape.Values own) {
			this.record = record;
			this.places = places;
			this.json = json;
			this.own = own;
		}

		/**
		 * The JSON as a tree, read once; null unless the record's own values are where the others' are to be put (HAPI
		 * leaves an empty entity out, which moves the ones after it).
		 */
		ObjectNode tree() {
			if (json != null) {
				try {
					JsonNode read = JSON.readTree(json);
					tree = holds(read, places, own) && read instanceof ObjectNode object ? object : null;
				} catch (JsonProcessingException e) {
					tree = null;
				}
				json = null;
			}
			return tree;
		}
	}

	/** A record encoded, not yet numbered: its JSON, and its journal line without the number. */
	record Encoded(AuditEvent event, String json, byte[] line) {}
}
