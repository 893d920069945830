package uk.concord.fulltext;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionRequest;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DocumentReference;

/**
 * Makes the words of plain-text documents searchable with {@code _content}: HAPI indexes a resource's string
 * elements, but an attachment's {@code data} is base64, so a clinic letter's own text would otherwise be invisible to
 * "which plans and letters mention ventilation". Only {@code text/*} attachments are read; PDFs and images are not.
 */
@Interceptor
class AttachmentTextIndexer {

	private final int maxCharacters;

	AttachmentTextIndexer(int maxCharacters) {
		this.maxCharacters = maxCharacters;
	}

	@Hook(Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_CONTENT)
	public FullTextExtractionResponse indexAttachmentText(FullTextExtractionRequest request) {
		if (request.isDelete() || !(request.getResource() instanceof DocumentReference document)) {
			return null; // no opinion: HAPI takes the first answer, and other interceptors may have one
		}
		String attachmentText = document.getContent().stream()
				.map(DocumentReference.DocumentReferenceContentComponent::getAttachment)
				.filter(AttachmentTextIndexer::isPlainText)
				.map(a -> new String(a.getData(), StandardCharsets.UTF_8))
				.collect(Collectors.joining(" "));
		if (attachmentText.isBlank()) {
			return null;
		}
		if (attachmentText.length() > maxCharacters) {
			attachmentText = attachmentText.substring(0, maxCharacters);
		}
		return FullTextExtractionResponse.indexPayload(request.getDefaultString() + " " + attachmentText);
	}

	private static boolean isPlainText(Attachment attachment) {
		return attachment.hasData() && attachment.hasContentType() && attachment.getContentType().startsWith("text/");
	}
}
