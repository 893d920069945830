package uk.concord.ig;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import uk.concord.profiles.ConcordPackage;

/**
 * The implementation guide, readable in a browser at {@code /ig/}: its pages, each profile's element table and
 * rules (from the installed package, so the page shows exactly what is enforced), examples and counter-examples.
 */
@RestController
class GuideController {

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8);

	private final GuideContent content = new GuideContent();
	private final Parser markdown = Parser.builder().extensions(java.util.List.of(TablesExtension.create())).build();
	/** Pages link to each other as Markdown files (x.md, readable on GitHub); here they are served as x.html. */
	private final HtmlRenderer renderer = HtmlRenderer.builder()
			.extensions(java.util.List.of(TablesExtension.create()))
			.attributeProviderFactory(context -> (node, tag, attributes) -> {
				String href = attributes.get("href");
				if ("a".equals(tag) && href != null && href.matches("[A-Za-z0-9_-]+\\.md(#.*)?")) {
					attributes.put("href", href.replaceFirst("\\.md", ".html"));
				}
			})
			.build();
	private final ConcordPackage fhirPackage;
	private final Map<String, StructureDefinition> profiles;
	private final FhirContext fhir;

	GuideController(ConcordPackage fhirPackage, FhirContext fhir) {
		this.fhirPackage = fhirPackage;
		this.fhir = fhir;
		this.profiles = fhirPackage.structureDefinitions().stream()
				.collect(Collectors.toMap(sd -> sd.getIdElement().getIdPart(), Function.identity()));
	}

	@GetMapping({"/ig", "/ig/", "/ig/index.html"})
	ResponseEntity<String> index() {
		StringBuilder body = new StringBuilder();
		content.read("pages", "index", ".md").map(this::markdown).ifPresent(body::append);
		body.append("<h2>Pages</h2><ul>");
		content.names("pages", ".md").forEach(name ->
				body.append("<li><a href=\"/ig/").append(name).append(".html\">").append(Html.escape(name)).append("</a></li>"));
		body.append("</ul><h2 id=\"profiles\">Profiles and extensions</h2><ul>");
		profiles.values().stream()
				.sorted(java.util.Comparator.comparing(StructureDefinition::getName))
				.forEach(sd -> body.append("<li><a href=\"/ig/StructureDefinition-").append(sd.getIdElement().getIdPart())
						.append(".html\">").append(Html.escape(sd.getName())).append("</a> (")
						.append(Html.escape(sd.getType())).append(") ").append(Html.escape(sd.getTitle())).append("</li>"));
		body.append("</ul><h2 id=\"examples\">Examples</h2><ul>");
		content.names("examples", ".json").forEach(name -> link(body, "examples", name));
		body.append("</ul><h2>Counter-examples (each breaks one rule)</h2><ul>");
		content.names("counter-examples", ".json").forEach(name -> link(body, "counter-examples", name));
		body.append("</ul><p>Package: <code>").append(Html.escape(fhirPackage.name())).append("#")
				.append(Html.escape(fhirPackage.version())).append("</code></p>");
		return html("Concord implementation guide", body.toString());
	}

	@GetMapping("/ig/StructureDefinition-{id}.html")
	ResponseEntity<String> profile(@PathVariable String id) {
		StructureDefinition profile = profiles.get(id);
		return profile == null ? notFound() : html(profile.getName(), ElementTable.render(profile));
	}

	@GetMapping("/ig/{folder:examples|counter-examples}/{name}.html")
	ResponseEntity<String> example(@PathVariable String folder, @PathVariable String name) {
		return content.read(folder, name, ".json")
				.map(json -> html(name, "<h1>" + Html.escape(name) + "</h1><pre>"
						+ Html.escape(fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(
								fhir.newJsonParser().parseResource(json))) + "</pre>"))
				.orElseGet(GuideController::notFound);
	}

	@GetMapping("/ig/{page}.html")
	ResponseEntity<String> page(@PathVariable String page) {
		Optional<String> text = content.read("pages", page, ".md");
		return text.map(md -> html(page, markdown(md))).orElseGet(GuideController::notFound);
	}

	private void link(StringBuilder body, String folder, String name) {
		body.append("<li><a href=\"/ig/").append(folder).append("/").append(name).append(".html\">")
				.append(Html.escape(name)).append("</a></li>");
	}

	private String markdown(String text) {
		return renderer.render(markdown.parse(text));
	}

	private static ResponseEntity<String> html(String title, String body) {
		return ResponseEntity.ok().contentType(HTML).body(Html.page(title, body));
	}

	private static ResponseEntity<String> notFound() {
		return ResponseEntity.status(404).contentType(HTML).body(Html.page("Not found", "<h1>Not found</h1>"));
	}
}
