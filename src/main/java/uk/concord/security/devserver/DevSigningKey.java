package uk.concord.security.devserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/**
 * The development server's RSA signing key: generated at first start and kept in the data folder (readable by its
 * owner only), so tokens survive a restart. It is data, never committed: a new checkout gets a new key.
 */
final class DevSigningKey {

	private DevSigningKey() {}

	static RSAKey loadOrCreate(Path file) {
		try {
			if (Files.exists(file)) {
				return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
			}
			RSAKey key = new RSAKeyGenerator(2048)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.keyID(UUID.randomUUID().toString())
					.generate();
			Files.createDirectories(file.getParent());
			Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"),
					key.toJSONString(), StandardCharsets.UTF_8);
			restrict(written);
			Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			return key;
		} catch (IOException | ParseException | JOSEException e) {
			throw new IllegalStateException("Cannot read or create the development signing key " + file, e);
		}
	}

	private static void restrict(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		} catch (UnsupportedOperationException notPosix) {
			// Windows: the data folder's own permissions apply
		}
	}
}
