package uk.concord.ig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The guide's Markdown pages, examples and counter-examples, as packaged on the classpath under {@code ig/}. */
class GuideContent {

	private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

	List<String> names(String folder, String extension) {
		try {
			return Arrays.stream(resolver.getResources("classpath*:ig/" + folder + "/*" + extension))
					.map(Resource::getFilename)
					.filter(name -> name != null && !name.startsWith("."))
					.map(name -> name.substring(0, name.length() - extension.length()))
					.sorted(Comparator.naturalOrder())
					.toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Text of {@code ig/<folder>/<name><extension>}; names are checked so no path can leave the folder. */
	Optional<String> read(String folder, String name, String extension) {
		if (!name.matches("[A-Za-z0-9._-]+") || name.contains("..")) {
			return Optional.empty();
		}
		Resource resource = resolver.getResource("classpath:ig/" + folder + "/" + name + extension);
		if (!resource.exists()) {
			return Optional.empty();
		}
		try (InputStream in = resource.getInputStream()) {
			return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
