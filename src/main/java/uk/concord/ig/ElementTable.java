package uk.concord.ig;

import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * A profile as a person reads it: every element of the snapshot that the profile constrains or marks must-support,
 * with cardinality, types, binding and the rules (invariants) in words.
 */
final class ElementTable {

	private ElementTable() {}

	static String render(StructureDefinition profile) {
		StringBuilder html = new StringBuilder();
		html.append("<h1>").append(Html.escape(profile.getTitle() != null ? profile.getTitle() : profile.getName()))
				.append("</h1><p>").append(Html.escape(profile.getDescription())).append("</p>")
				.append("<p>Canonical URL: <code>").append(Html.escape(profile.getUrl())).append("</code>; based on <code>")
				.append(Html.escape(profile.getBaseDefinition())).append("</code></p>");

		html.append("<h2>Rules</h2><table><tr><th>Rule</th><th>Element</th><th>Meaning</th><th>FHIRPath</th></tr>");
		for (ElementDefinition element : profile.getSnapshot().getElement()) {
			for (ElementDefinition.ElementDefinitionConstraintComponent rule : element.getConstraint()) {
				if (rule.getKey().startsWith("concord-")) {
					html.append("<tr><td><code>").append(Html.escape(rule.getKey())).append("</code></td><td>")
							.append(Html.escape(element.getPath())).append("</td><td>")
							.append(Html.escape(rule.getHuman())).append("</td><td><code>")
							.append(Html.escape(rule.getExpression())).append("</code></td></tr>");
				}
			}
		}
		html.append("</table>");

		html.append("<h2>Elements</h2><p><span class=\"ms\">S</span> = must support: a receiver must store and show it."
				+ "</p><table><tr><th>Element</th><th>Card.</th><th>Type</th><th>Binding</th><th>Description</th></tr>");
		for (ElementDefinition element : profile.getSnapshot().getElement()) {
			if (!isInteresting(element, profile)) {
				continue;
			}
			html.append("<tr><td>").append(Html.escape(element.getId()))
					.append(element.getMustSupport() ? " <span class=\"ms\">S</span>" : "")
					.append("</td><td>").append(element.getMin()).append("..").append(Html.escape(element.getMax()))
					.append("</td><td>").append(Html.escape(types(element)))
					.append("</td><td>").append(Html.escape(binding(element)))
					.append("</td><td>").append(Html.escape(element.getShort())).append("</td></tr>");
		}
		return html.append("</table>").toString();
	}

	/** Elements this profile says something about, not the whole base resource. */
	private static boolean isInteresting(ElementDefinition element, StructureDefinition profile) {
		return element.getMustSupport()
				|| element.getMin() > 0
				|| element.hasSliceName()
				|| profile.getDifferential().getElement().stream().anyMatch(d -> d.getId().equals(element.getId()));
	}

	private static String types(ElementDefinition element) {
		return element.getType().stream()
				.map(t -> t.getCode() + (t.hasTargetProfile()
						? "(" + t.getTargetProfile().stream().map(p -> p.getValue().replaceAll(".*/", ""))
								.collect(Collectors.joining(" | ")) + ")"
						: "")
						+ (t.hasProfile() ? " " + t.getProfile().stream().map(p -> p.getValue().replaceAll(".*/", ""))
								.collect(Collectors.joining(", ")) : ""))
				.collect(Collectors.joining(" | "));
	}

	private static String binding(ElementDefinition element) {
		if (!element.hasBinding() || !element.getBinding().hasValueSet()) {
			return "";
		}
		return element.getBinding().getStrength().toCode() + ": " + element.getBinding().getValueSet();
	}
}
