package uk.concord.profiles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * The codes of Concord's own (complete) code systems, so that an error about a code that is not in one of them
 * can say which codes are allowed, instead of leaving the developer to look them up.
 */
class AllowedCodes {

	/** Code system URL, and the URL of the value set holding all of it, to the codes it defines, in order. */
	private final Map<String, List<String>> codesByUrl = new LinkedHashMap<>();

	AllowedCodes(List<CodeSystem> codeSystems) {
		for (CodeSystem codeSystem : codeSystems) {
			if (codeSystem.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE) {
				continue;
			}
			List<String> codes = codeSystem.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode).toList();
			codesByUrl.put(codeSystem.getUrl(), codes);
			if (codeSystem.hasValueSet()) {
				codesByUrl.put(codeSystem.getValueSet(), codes);
			}
		}
	}

	/** The message, followed by the allowed codes when it names one of Concord's code systems or value sets. */
	String explain(String message) {
		for (Map.Entry<String, List<String>> entry : codesByUrl.entrySet()) {
			if (Pattern.compile(Pattern.quote(entry.getKey()) + "(?![A-Za-z0-9-])").matcher(message).find()) {
				return message + " Allowed codes (" + entry.getKey() + "): " + String.join(", ", entry.getValue()) + ".";
			}
		}
		return message;
	}
}
