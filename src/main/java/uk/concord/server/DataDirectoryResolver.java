package uk.concord.server;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code concord.server.data-dir} absolute before anything uses it: H2 refuses relative file paths, and the
 * database and the Lucene index must land in the same folder however the setting was written.
 */
public class DataDirectoryResolver implements EnvironmentPostProcessor {

	static final String KEY = "concord.server.data-dir";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty(KEY);
		if (configured == null || configured.isBlank()) {
			return;
		}
		String absolute = Path.of(configured).toAbsolutePath().normalize().toString();
		environment.getPropertySources().addFirst(new MapPropertySource("concordDataDirectory", Map.of(KEY, absolute)));
	}
}
