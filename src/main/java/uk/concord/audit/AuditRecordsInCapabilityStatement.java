package uk.concord.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;

/**
 * The CapabilityStatement says of AuditEvent what the audit store answers, not what HAPI would answer from its own
 * tables: records are read, searched and their history listed; never written by a client; searched by the parameters
 * {@link AuditQuery} answers, without {@code _include} or {@code _revinclude}; and no other type reaches them with
 * {@code _revinclude} (they are shown only to requests for AuditEvents).
 */
@Interceptor
class AuditRecordsInCapabilityStatement {

	private static final Set<TypeRestfulInteraction> ANSWERED = EnumSet.of(TypeRestfulInteraction.READ,
			TypeRestfulInteraction.VREAD, TypeRestfulInteraction.SEARCHTYPE, TypeRestfulInteraction.HISTORYINSTANCE,
			TypeRestfulInteraction.HISTORYTYPE);

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void declare(IBaseConformance statement) {
		for (CapabilityStatementRestResourceComponent resource :
				((CapabilityStatement) statement).getRestFirstRep().getResource()) {
			resource.getSearchRevInclude().removeIf(include -> include.getValue().startsWith(AuditEventDao.TYPE + ":"));
			if (AuditEventDao.TYPE.equals(resource.getType())) {
				declareAuditRecords(resource);
			}
		}
	}

	private static void declareAuditRecords(CapabilityStatementRestResourceComponent resource) {
		resource.getInteraction().removeIf(interaction -> !ANSWERED.contains(interaction.getCode()));
		resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED);
		resource.setReadHistory(false);
		resource.setUpdateCreate(false);
		resource.setConditionalCreate(false);
		resource.setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED);
		resource.setConditionalUpdate(false);
		resource.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
		resource.getSearchInclude().clear();
		resource.getSearchRevInclude().clear();
		resource.getSearchParam().removeIf(parameter -> !AuditQuery.answers(parameter.getName()));
		resource.setDocumentation("Written only by the server's audit trail; one version each. Searches take no"
				+ " chains, _has, _include, _revinclude, :text or :missing (400).");
	}
}
