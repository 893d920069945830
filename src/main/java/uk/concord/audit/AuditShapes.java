package uk.concord.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * What audit records share. Apart from its references (the patient, the resource), a record's search values are the
 * same as many others': the kind of access, its outcome, the caller's name and address, the profile. A page of 50
 * patients makes 50 records that share all of them. Those values are stored once per distinct set, its shape, and a
 * record names its shape; only its references are stored per record. Storing all 14 values of each record was most
 * of what the audit writer wrote (issue 12, bench/RESULTS.md run 35).
 * <p>
 * A shape is named by the first 64 bits of the SHA-256 of its values, so every server of a cluster names it alike
 * without asking the others (as HAPI names its search index rows by 64-bit hashes).
 */
final class AuditShapes {

	private static final Comparator<AuditIndexValues.Value> ORDER = Comparator
			.comparing(AuditIndexValues.Value::param)
			.thenComparing(AuditIndexValues.Value::value)
			.thenComparing(value -> value.system() == null ? "" : value.system());
	/** Beyond this many, shapes are no longer remembered as stored; each is then looked up once per batch. */
	private static final int REMEMBERED = 100_000;

	/** Shapes known to be in the database (their transaction committed). */
	private final Set<Long> stored = ConcurrentHashMap.newKeySet();

	/** The shape of these shared values (any order). */
	static long idOf(List<AuditIndexValues.Value> shared) {
		MessageDigest digest = DigestUtils.getSha256Digest();
		shared.stream().sorted(ORDER).forEach(value -> {
			update(digest, value.param());
			update(digest, value.system());
			update(digest, value.value());
		});
		return ByteBuffer.wrap(digest.digest()).getLong();
	}

	boolean isStored(long shape) {
		return stored.contains(shape);
	}

	/** Called once the transaction that stored (or found) these shapes has committed. */
	void committed(Set<Long> shapes) {
		if (stored.size() + shapes.size() > REMEMBERED) {
			stored.clear();
		}
		stored.addAll(shapes);
	}

	/** Each value's text, its length first, so that no two lists of values run together into the same bytes. */
	private static void update(MessageDigest digest, String text) {
		byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
		digest.update(ByteBuffer.allocate(4).putInt(text == null ? -1 : bytes.length).array());
		digest.update(bytes);
	}
}
