package uk.concord.passport;

import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.jpa.ips.jpa.IJpaSectionSearchStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategyCollection;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Makes a passport section's searches synchronous: one patient's resources of one type are few, so they are loaded in
 * one go instead of as a search HAPI stores in the database for paging (a row per search and per result, written and
 * later expired: about twenty per passport, one per section and resource type). Same resources, same access checks;
 * issue 12's profile of {@code $summary} found the stored searches among its largest costs.
 */
final class SynchronousSectionSearches {

	private SynchronousSectionSearches() {}

	static JpaSectionSearchStrategyCollection of(JpaSectionSearchStrategyCollection strategies) {
		JpaSectionSearchStrategyCollection.JpaSectionSearchStrategyCollectionBuilder builder =
				JpaSectionSearchStrategyCollection.newBuilder();
		for (Class<? extends IBaseResource> type : strategies.getResourceTypes()) {
			add(builder, type, strategies);
		}
		return builder.build();
	}

	private static <T extends IBaseResource> void add(
			JpaSectionSearchStrategyCollection.JpaSectionSearchStrategyCollectionBuilder builder,
			Class<T> type,
			JpaSectionSearchStrategyCollection strategies) {
		IJpaSectionSearchStrategy<T> strategy = strategies.getSearchStrategy(type);
		builder.addStrategy(type, new IJpaSectionSearchStrategy<T>() {
			@Override
			public void massageResourceSearch(IpsSectionContext<T> context, SearchParameterMap map) {
				strategy.massageResourceSearch(context, map);
				map.setLoadSynchronous(true);
			}

			@Override
			public boolean shouldInclude(IpsSectionContext<T> context, T resource) {
				return strategy.shouldInclude(context, resource);
			}
		});
	}
}
