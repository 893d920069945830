package uk.concord.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import uk.concord.profiles.ConcordPackage;

/**
 * Puts the guide's example records (from the installed package's {@code example} folder) into a server that holds
 * no patients yet, so a new user sees real patients, teams and plans at once. One transaction of PUTs with the
 * examples' own ids: loading twice changes nothing, and every record passes the same profile checks as any write.
 */
class DemoDataLoader {

	private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

	private final ConcordPackage fhirPackage;
	private final FhirContext fhir;
	private final DaoRegistry daos;
	private final IFhirSystemDao<Bundle, ?> systemDao;

	DemoDataLoader(ConcordPackage fhirPackage, FhirContext fhir, DaoRegistry daos, IFhirSystemDao<Bundle, ?> systemDao) {
		this.fhirPackage = fhirPackage;
		this.fhir = fhir;
		this.daos = daos;
		this.systemDao = systemDao;
	}

	/** First among start-up listeners: others (the demo emergency card) build on the demo records. */
	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	public void loadIntoEmptyServer() {
		SystemRequestDetails request = new SystemRequestDetails();
		if (!daos.getResourceDao("Patient")
				.search(SearchParameterMap.newSynchronous().setCount(1), request)
				.isEmpty()) {
			log.info("Demo data not loaded: the server already holds patients");
			return;
		}
		Bundle examples = examplesAsTransaction();
		systemDao.transaction(request, examples);
		log.info("Loaded {} demo resources from {}#{}", examples.getEntry().size(), fhirPackage.name(),
				fhirPackage.version());
	}

	Bundle examplesAsTransaction() {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Resource resource : fhirPackage.examples(fhir)) {
			String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
			// pass-* examples exist to show one rule being met; the demo is the complete patient records.
			if (resource.getIdElement().getIdPart().startsWith("pass-")) {
				continue;
			}
			transaction.addEntry()
					.setFullUrl(url)
					.setResource(resource)
					.getRequest()
					.setMethod(Bundle.HTTPVerb.PUT)
					.setUrl(url);
		}
		return transaction;
	}
}
