package uk.concord.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The implementation guide's example and counter-example files, as the tests read them from the repository. */
public final class GuideFiles {

	public static final Path EXAMPLES = Path.of("ig/examples");
	public static final Path COUNTER_EXAMPLES = Path.of("ig/counter-examples");

	private GuideFiles() {}

	public static List<Path> examples() {
		return json(EXAMPLES);
	}

	public static List<Path> counterExamples() {
		return json(COUNTER_EXAMPLES).stream().filter(p -> !p.getFileName().toString().equals("expected-errors.json")).toList();
	}

	/** File name of each counter-example to a phrase its error message must contain. */
	@SuppressWarnings("unchecked")
	public static Map<String, String> expectedErrors() {
		try {
			return new ObjectMapper().readValue(COUNTER_EXAMPLES.resolve("expected-errors.json").toFile(), Map.class);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static List<Path> json(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
