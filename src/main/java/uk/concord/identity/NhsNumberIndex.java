package uk.concord.identity;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import uk.concord.record.Vocabulary;

/**
 * Makes the NHS Number unique in the database: a token search parameter over the Patient's NHS Number alone, and a
 * HAPI unique combo search parameter over it, whose index table carries a unique constraint. Two nodes that create
 * the same NHS Number at the same moment cannot both commit, whatever the checks before them saw.
 *
 * <p>Installed before the server takes requests (a lifecycle phase ahead of the web server) and after Concord's
 * package, whose installation registers the reindex job a new search parameter starts: on a database that holds
 * patients already, that job builds the unique index for them. Installing the same definitions again changes nothing.
 */
class NhsNumberIndex implements SmartLifecycle {

	static final String NHS_NUMBER_PARAMETER = "concord-patient-nhs-number";
	static final String UNIQUE_PARAMETER = "concord-patient-nhs-number-unique";
	private static final String SP_UNIQUE = "http://hapifhir.io/fhir/StructureDefinition/sp-unique";
	private static final String CANONICAL_BASE = Vocabulary.CANONICAL_BASE + "SearchParameter/";

	private static final Logger log = LoggerFactory.getLogger(NhsNumberIndex.class);

	private final DaoRegistry daos;
	private final ISearchParamRegistry searchParams;
	private final DuplicateNhsNumbers duplicates;
	private volatile boolean running;

	NhsNumberIndex(DaoRegistry daos, ISearchParamRegistry searchParams, DuplicateNhsNumbers duplicates) {
		this.daos = daos;
		this.searchParams = searchParams;
		this.duplicates = duplicates;
	}

	@Override
	public void start() {
		IFhirResourceDao<SearchParameter> dao = daos.getResourceDao(SearchParameter.class);
		for (SearchParameter definition : List.of(nhsNumber(), unique())) {
			try {
				dao.update(definition, new SystemRequestDetails());
			} catch (ResourceVersionConflictException another) {
				// another node of a cluster installed the same definition at the same moment
				log.info("SearchParameter/{} installed by another node", definition.getIdPart());
			}
			searchParams.forceRefresh();
		}
		duplicates.report();
		running = true;
	}

	static SearchParameter nhsNumber() {
		SearchParameter parameter = base(NHS_NUMBER_PARAMETER, "nhs-number");
		parameter.setType(Enumerations.SearchParamType.TOKEN)
				.setExpression("Patient.identifier.where(system='" + Vocabulary.NHS_NUMBER + "')")
				.setDescription("The patient's NHS Number alone (identifier system " + Vocabulary.NHS_NUMBER
						+ "); the unique index over it keeps one Patient per NHS Number.");
		return parameter;
	}

	static SearchParameter unique() {
		SearchParameter parameter = base(UNIQUE_PARAMETER, "nhs-number-unique");
		parameter.setType(Enumerations.SearchParamType.COMPOSITE)
				.setExpression("Patient")
				.setDescription("One Patient per NHS Number, enforced by a unique database index.");
		parameter.addComponent().setDefinition(CANONICAL_BASE + "Patient-nhs-number").setExpression("Patient");
		parameter.addExtension(SP_UNIQUE, new BooleanType(true));
		return parameter;
	}

	private static SearchParameter base(String id, String code) {
		SearchParameter parameter = new SearchParameter();
		parameter.setId(id);
		String name = id.substring("concord-patient-".length());
		parameter.setUrl(CANONICAL_BASE + "Patient-" + name)
				.setName(code)
				.setCode(code)
				.setStatus(Enumerations.PublicationStatus.ACTIVE)
				.setPublisher("Concord")
				.addBase("Patient");
		return parameter;
	}

	@Override
	public void stop() {
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Ahead of the web server (which starts in a late phase), so no request is stored before the index exists. */
	@Override
	public int getPhase() {
		return 0;
	}
}
