package uk.concord.server;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;

/** Concord's choices among HAPI's storage settings, each with its reason. */
final class StorageSettingsFactory {

	private StorageSettingsFactory() {}

	/**
	 * @param soleWriter whether this process is the database's only writer (embedded H2), so that it knows of every
	 *     write as it commits
	 */
	static JpaStorageSettings create(boolean soleWriter) {
		JpaStorageSettings settings = new JpaStorageSettings();
		// Server-assigned ids are random, so an id reveals nothing about how many records exist.
		settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
		// A stored search (full text; server/SearchesPagedByOffset answers the others without storing them) is reused
		// for the same caller's same search for HAPI's 60 s, but only while no resource has been written since it was
		// made (security/OwnSearchesReused): a client that searches right after a write sees the write. A server
		// sharing its database cannot tell cheaply that another wrote, so it never reuses one.
		settings.setReuseCachedSearchResultsForMillis(
				soleWriter ? JpaStorageSettings.DEFAULT_REUSE_CACHED_SEARCH_RESULTS_FOR_MILLIS : null);
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
