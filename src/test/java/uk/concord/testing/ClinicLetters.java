package uk.concord.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A clinic letter whose text is a plain-text attachment, which the full-text index reads. */
public final class ClinicLetters {

	private ClinicLetters() {}

	/** The letter's JSON, about {@code patient} (a {@code Patient/id} reference), saying {@code text}. */
	public static String plainText(String patient, String text) {
		return """
				{"resourceType":"DocumentReference","status":"current",
				 "type":{"coding":[{"system":"http://loinc.org","code":"11488-4"}]},
				 "subject":{"reference":"%s"},"date":"2026-11-01T09:00:00Z",
				 "author":[{"reference":"Organization/org-gosh"}],
				 "content":[{"attachment":{"contentType":"text/plain","data":"%s"}}]}"""
				.formatted(patient, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
	}
}
