package uk.concord.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/** Names the server in its CapabilityStatement instead of HAPI's generic "RestServer". */
@Interceptor
class CapabilityStatementCustomizer {

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void name(IBaseConformance statement) {
		CapabilityStatement capabilities = (CapabilityStatement) statement;
		capabilities.setName("Concord");
		capabilities.setTitle("Concord FHIR server for coordinated rare-disease care");
		capabilities.setPublisher("Concord");
	}
}
