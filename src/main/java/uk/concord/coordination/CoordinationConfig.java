package uk.concord.coordination;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import uk.concord.security.CareRelationships;
import uk.concord.server.ChangedResources;
import uk.concord.server.FhirServerCustomizer;

/**
 * Coordinating the team: review reminders (a clustered job making Tasks) and the {@code $coordination-gaps} report.
 * Both read through HAPI's DAOs as the server and decide from the caller what to return, off the request path of
 * every other interaction.
 */
@Configuration
public class CoordinationConfig {

	/** Order among {@link FhirServerCustomizer}s: plain providers, after security and profile enforcement. */
	public static final int ORDER = 520;

	@Bean
	Clock coordinationClock() {
		return Clock.systemDefaultZone();
	}

	@Bean
	ReviewReminders reviewReminders(DaoRegistry daos, CoordinationProperties properties, Clock coordinationClock) {
		return new ReviewReminders(daos, properties, coordinationClock);
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer coordinationGaps(DaoRegistry daos, ChangedResources changes, CareRelationships relationships,
			CoordinationProperties properties, Clock coordinationClock) {
		CoordinationGapsProvider provider = new CoordinationGapsProvider(new CareRecords(daos),
				new CareSnapshot(daos, changes, properties.gapsSnapshotOverlap(), coordinationClock), new GapsReport(Regions.load()),
				relationships, properties, coordinationClock);
		return server -> server.registerProvider(provider);
	}
}
