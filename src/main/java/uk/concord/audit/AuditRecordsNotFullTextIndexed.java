package uk.concord.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionRequest;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionResponse;

/**
 * Keeps audit records out of the full-text index. Every request writes at least one, and a Lucene (or Elasticsearch)
 * document per record, committed per record, was the larger part of what the audit trail cost a request. Auditors
 * find records by their search parameters (patient, agent, entity, date, outcome...), which stay indexed in the
 * database; {@code _content} and {@code _text} do not search AuditEvent.
 */
@Interceptor
class AuditRecordsNotFullTextIndexed {

	@Hook(Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_CONTENT)
	public FullTextExtractionResponse content(FullTextExtractionRequest request) {
		return decide(request);
	}

	@Hook(Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_TEXT)
	public FullTextExtractionResponse narrative(FullTextExtractionRequest request) {
		return decide(request);
	}

	private static FullTextExtractionResponse decide(FullTextExtractionRequest request) {
		return "AuditEvent".equals(request.getResourceType()) ? FullTextExtractionResponse.doNotIndex() : null;
	}
}
