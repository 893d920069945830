package uk.concord.server;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/** Builds the HAPI {@link RestfulServer} that serves Concord's FHIR API. */
@Component
class RestfulServerFactory {

	static final String SERVER_NAME = "Concord";

	private final IFhirSystemDao<?, ?> systemDao;
	private final ResourceProviderFactory resourceProviders;
	private final IJpaSystemProvider systemProvider;
	private final ValueSetOperationProvider valueSetOperations;
	private final JpaStorageSettings storageSettings;
	private final ISearchParamRegistry searchParamRegistry;
	private final IValidationSupport validationSupport;
	private final DatabaseBackedPagingProvider pagingProvider;
	private final ServerProperties properties;
	private final ObjectProvider<BuildProperties> build;
	private final ObjectProvider<FhirServerCustomizer> customizers;
	private final ObjectProvider<OpenApiCustomizer> openApiCustomizers;

	RestfulServerFactory(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			ValueSetOperationProvider valueSetOperations,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			ServerProperties properties,
			ObjectProvider<BuildProperties> build,
			ObjectProvider<FhirServerCustomizer> customizers,
			ObjectProvider<OpenApiCustomizer> openApiCustomizers) {
		this.systemDao = systemDao;
		this.resourceProviders = resourceProviders;
		this.systemProvider = systemProvider;
		this.valueSetOperations = valueSetOperations;
		this.storageSettings = storageSettings;
		this.searchParamRegistry = searchParamRegistry;
		this.validationSupport = validationSupport;
		this.pagingProvider = pagingProvider;
		this.properties = properties;
		this.build = build;
		this.customizers = customizers;
		this.openApiCustomizers = openApiCustomizers;
	}

	RestfulServer create() {
		// the context's parser and narrative options are set where HAPI makes it (SharedFhirContextOptions)
		RestfulServer server = new RestfulServer(systemDao.getContext());
		server.setServerName(SERVER_NAME);
		server.setServerVersion(version());
		server.setImplementationDescription(
				"Concord: shared care records for people with rare conditions (HAPI FHIR JPA, FHIR R4)");
		server.registerProviders(resourceProviders.createProviders());
		server.registerProviders(List.of(systemProvider, valueSetOperations));
		server.setServerConformanceProvider(capabilityStatement(server));
		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		if (properties.publicBaseUrl() != null && !properties.publicBaseUrl().isBlank()) {
			server.setServerAddressStrategy(new HardcodedServerAddressStrategy(properties.publicBaseUrl()));
		}

		server.registerInterceptor(new RequestLogInterceptor());
		server.registerInterceptor(new ErrorResponseInterceptor());
		server.registerInterceptor(new SingleValuedParameters());
		server.registerInterceptor(new SearchesPagedByOffset(properties.defaultPageSize()));
		server.registerInterceptor(new CapabilityStatementCustomizer());
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		if (properties.openapi()) {
			server.registerInterceptor(new CachedOpenApi(openApiCustomizers.orderedStream().toList()));
		}
		if (properties.cors().enabled()) {
			server.registerInterceptor(corsInterceptor());
		}
		customizers.orderedStream().forEach(customizer -> customizer.customize(server));
		return server;
	}

	private String version() {
		BuildProperties info = build.getIfAvailable();
		return info != null ? info.getVersion() : "development";
	}

	private JpaCapabilityStatementProvider capabilityStatement(RestfulServer server) {
		JpaCapabilityStatementProvider provider = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		provider.setImplementationDescription(server.getImplementationDescription());
		return provider;
	}

	private CorsInterceptor corsInterceptor() {
		return new CorsInterceptor(properties.cors().configuration());
	}
}
