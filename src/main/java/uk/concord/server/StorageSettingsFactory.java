package uk.concord.server;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;

/** Concord's choices among HAPI's storage settings, each with its reason. */
final class StorageSettingsFactory {

	private StorageSettingsFactory() {}

	static JpaStorageSettings create() {
		JpaStorageSettings settings = new JpaStorageSettings();
		// Server-assigned ids are random, so an id reveals nothing about how many records exist.
		settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
		// A client that searches right after it writes must see its write: no reuse of cached search results.
		settings.setReuseCachedSearchResultsForMillis(null);
		// _content and _text search through Hibernate Search (Lucene embedded, Elasticsearch in a cluster).
		settings.setHibernateSearchIndexFullText(true);
		// No fetch-size maximum (HAPI's default): set, it silently ends every search made from inside the server that
		// names no count there (an emergency view, a card's revocation), while clients' searches page past it anyway.
		// References must point at records that exist here; no silent placeholder resources.
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setAllowMultipleDelete(false);
		settings.setExpungeEnabled(false);
		// Concord's value sets include external code systems (ORPHA, HPO, SNOMED) that are not loaded here, so
		// expanding them ahead of time cannot succeed; validation checks codes against the code systems instead.
		settings.setEnableTaskPreExpandValueSets(false);
		return settings;
	}
}
