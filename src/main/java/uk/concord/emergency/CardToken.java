package uk.concord.emergency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

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
		try {
			return HexFormat.of().formatHex(
					MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}
}
