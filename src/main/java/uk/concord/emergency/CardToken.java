package uk.concord.emergency;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The secret in an emergency card's QR code: 256 random bits, written as 43 base64url characters. Only its SHA-256
 * is stored, so a copy of the database opens no card; being random and long, it needs no slow hash.
 */
final class CardToken {

	private static final SecureRandom RANDOM = new SecureRandom();
	private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

	private CardToken() {}

	static String create() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static boolean isWellFormed(String token) {
		return token != null && FORMAT.matcher(token).matches();
	}

	static String hash(String token) {
		return DigestUtils.sha256Hex(token.getBytes(StandardCharsets.US_ASCII));
	}
}
