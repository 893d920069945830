package uk.concord.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.concord.testing.EmbeddedServerTest;

/**
 * Every curl recipe in the docs works as printed: the bash blocks of the guide's API recipes and of the README's
 * examples run against the test server (only the host and port are changed). Each curl must answer 2xx, unless its
 * block says otherwise with a comment such as {@code # -> 422}.
 */
@EmbeddedServerTest
class RecipesIT {

	private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
	private static final Pattern EXPECTED = Pattern.compile("# -> (\\d{3})");
	private static final Pattern STATUS = Pattern.compile("(\\d{3})\\s*$");

	@LocalServerPort
	int port;

	@Test
	void everyApiRecipeInTheGuideWorksAsPrinted() throws Exception {
		runRecipes(Path.of("ig/pages/api-recipes.md"));
	}

	@Test
	void everyExampleInTheReadmeWorksAsPrinted() throws Exception {
		String readme = Files.readString(Path.of("README.md"));
		String examples = readme.substring(readme.indexOf("## Examples"), readme.indexOf("\n## ", readme.indexOf("## Examples") + 5));
		runRecipes(examples);
	}

	private void runRecipes(Path markdown) throws Exception {
		runRecipes(Files.readString(markdown));
	}

	private void runRecipes(String markdown) throws Exception {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = BLOCK.matcher(markdown);
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		assertThat(blocks).isNotEmpty();
		StringBuilder script = new StringBuilder("""
				set -uo pipefail
				curl() {
				  case "$*" in
				    # fetching a token: the recipe needs the body
				    *oauth2/token*) command curl -sS "$@" ;;
				    *) command curl -sS -o /dev/null -w '%{http_code}\\n' "$@"; echo ;;
				  esac
				}
				""");
		for (int i = 0; i < blocks.size(); i++) {
			script.append("echo '### block ").append(i).append("'\n")
					.append(blocks.get(i).replace("http://localhost:8080", "http://localhost:" + port)).append('\n');
		}
		String output = run(script.toString());

		String[] parts = output.split("### block ");
		int curls = 0;
		for (int i = 1; i < parts.length; i++) {
			int index = Integer.parseInt(parts[i].substring(0, parts[i].indexOf('\n')).trim());
			String block = blocks.get(index);
			Matcher expected = EXPECTED.matcher(block);
			String expectedStatus = expected.find() ? expected.group(1) : null;
			for (String line : parts[i].substring(parts[i].indexOf('\n') + 1).split("\n")) {
				Matcher status = STATUS.matcher(line.trim());
				if (!status.find()) {
					continue;
				}
				curls++;
				String code = status.group(1);
				if (expectedStatus != null) {
					assertThat(code).as("block:%n%s", block).isEqualTo(expectedStatus);
				} else {
					assertThat(code).as("block:%n%s", block).startsWith("2");
				}
			}
		}
		assertThat(curls).as("curl calls run").isGreaterThanOrEqualTo(blocks.size() - 1);
	}

	private static String run(String script) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("recipes did not finish in 120 s");
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}
}
