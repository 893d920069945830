package uk.concord.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HibernatePropertiesProvider;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.dao.FulltextSearchSvcImpl;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.dao.search.HSearchSortHelperImpl;
import ca.uhn.fhir.jpa.dao.search.IHSearchSortHelper;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionLoader;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import ca.uhn.fhir.jpa.topic.SubscriptionTopicConfig;
import ca.uhn.fhir.jpa.util.LoggingEmailSender;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.dialect.H2Dialect;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Assembles HAPI FHIR's JPA server for R4 from HAPI's own configuration classes. This is the only place that knows
 * how HAPI is put together; features add providers and interceptors to its {@link RestfulServer} through
 * {@link FhirServerCustomizer} beans.
 */
@Configuration
// SubscriptionChannelConfig supplies the in-memory message broker HAPI's batch jobs (reindexing) and subscription
// deliveries run on. Subscriptions: the submitter records each write in the database with it; a clustered job takes
// the committed ones from there and matches them in memory on the node that ran it; the processor keeps every node's
// registry of active Subscriptions (see ClusterSubscriptionRegistry) and delivers REST hooks. The topic config is
// only there because the submitter's validation needs it (its matching listener is left out): Concord accepts
// criteria-based R4 Subscriptions only.
@Import({
	JpaR4Config.class,
	ThreadPoolFactoryConfig.class,
	SubscriptionChannelConfig.class,
	SubscriptionSubmitterConfig.class,
	SubscriptionProcessorConfig.class,
	SubscriptionTopicConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class
})
public class ServerConfig {

	/** The name of HAPI's scheduler bean (JpaConfig#schedulerService). */
	private static final String SCHEDULER_SERVICE = "schedulerService";

	/** The name of HAPI's subscription matching listener bean (SubscriptionProcessorConfig). */
	private static final String HAPI_MATCHING_LISTENER = "SubscriptionMatchingListener";

	/** The name of HAPI's topic matching listener bean (SubscriptionTopicConfig), optional in its matching channel. */
	private static final String HAPI_TOPIC_MATCHING_LISTENER = "subscriptionTopicMatchingSubscriber";

	/** The name of HAPI's channel retry policy bean (SubscriptionChannelConfig#retryPolicyProvider). */
	private static final String RETRY_POLICY = "retryPolicyProvider";

	/** The name the FHIR servlet is registered under. */
	private static final String FHIR_SERVLET = "fhir";

	/** The name of HAPI's transaction service bean (JpaConfig#hapiTransactionService). */
	private static final String TRANSACTION_SERVICE = "hapiTransactionService";

	/**
	 * HAPI's beans Concord replaces with subclasses: its scheduler by {@link ConcordSchedulerService} (as HAPI intends
	 * its scheduler to be customised), its channel retry policy by {@link ChannelRetries}, its transaction service by
	 * {@link ReadOnlyReads} (a read by id opens a read-only transaction) and its subscription matching listener by
	 * {@link SubscriptionMatchingWhenWatched}.
	 */
	@Bean
	static HapiBeanReplacement hapiBeansReplaced() {
		return HapiBeanReplacement.of(Map.of(
				SCHEDULER_SERVICE, ConcordSchedulerService.class,
				RETRY_POLICY, ChannelRetries.class,
				TRANSACTION_SERVICE, ReadOnlyReads.class,
				HAPI_MATCHING_LISTENER, SubscriptionMatchingWhenWatched.class));
	}

	@Bean
	public JpaStorageSettings jpaStorageSettings(@Value("${spring.datasource.url:}") String databaseUrl) {
		return StorageSettingsFactory.create(EmbeddedH2.isEmbedded(databaseUrl));
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	public SubscriptionSettings subscriptionSettings(ObjectProvider<SubscriptionMatchingInterval> matching) {
		SubscriptionSettings settings = new SubscriptionSettings();
		// REST hooks only: e-mail, websocket and message channels are not offered
		settings.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
		matching.ifAvailable(interval -> settings.setSubscriptionIntervalInMs(interval.every().toMillis()));
		return settings;
	}

	/**
	 * HAPI's topic matching listener is left out: Concord accepts criteria-based Subscriptions only, so no topic can
	 * have a subscriber, yet the listener read every change back from the database a second time to match it.
	 */
	@Bean
	static HapiBeanReplacement noSubscriptionTopicMatching() {
		return HapiBeanReplacement.without(HAPI_TOPIC_MATCHING_LISTENER);
	}

	/** On a cluster, each write is matched against the Subscriptions in the shared database, not a stale copy. */
	@Bean
	@ConditionalOnProperty(name = "concord.server.cluster", havingValue = "true")
	ClusterSubscriptionRegistry clusterSubscriptionRegistry(SubscriptionLoader loader, FhirContext fhir,
			IInterceptorService interceptors) {
		ClusterSubscriptionRegistry registry = new ClusterSubscriptionRegistry(loader, fhir, Clock.systemUTC());
		interceptors.registerInterceptor(registry);
		return registry;
	}

	/** Needed by HAPI's delivery listeners; never used, as e-mail channels are not supported. */
	@Bean
	public IEmailSender emailSender() {
		return new LoggingEmailSender();
	}

	@Bean
	public OneNodeAtATime oneNodeAtATime(DataSource dataSource) {
		return new OneNodeAtATime(dataSource);
	}

	@Primary
	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			JpaProperties jpaProperties,
			DataSource dataSource) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		Map<String, Object> properties = new HashMap<>(jpaProperties.getProperties());
		properties.put(AvailableSettings.SCHEMA_MANAGEMENT_TOOL, new SchemaUpdateOnMappingChange(dataSource));
		if (ConfiguredDialectProvider.dialectOf(jpaProperties) instanceof H2Dialect) {
			properties.put(AvailableSettings.STATEMENT_INSPECTOR, new H2QueryPlans());
		}
		factory.setJpaPropertyMap(properties);
		factory.setDataSource(dataSource);
		return factory;
	}

	@Primary
	@Bean
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	/** On an embedded H2 database, which only this process can open, this server counts the writes it commits. */
	@Bean
	public StoredResources storedResources(EntityManagerFactory entityManagerFactory, FhirContext fhir,
			IInterceptorService interceptors, @Value("${spring.datasource.url:}") String databaseUrl) {
		Optional<CommittedWrites> soleWriter = Optional.empty();
		if (EmbeddedH2.isEmbedded(databaseUrl)) {
			CommittedWrites writes = new CommittedWrites(fhir);
			interceptors.registerInterceptor(writes);
			soleWriter = Optional.of(writes);
		}
		return new StoredResources(entityManagerFactory, soleWriter);
	}

	@Bean
	public SearchInPages searchInPages(DaoRegistry daos, SearchBuilderFactory<JpaPid> builders,
			IHapiTransactionService transactions, IIdHelperService<JpaPid> identities) {
		return new SearchInPages(daos, builders, transactions, identities);
	}

	@Primary
	@Bean
	public HibernatePropertiesProvider hibernatePropertiesProvider(JpaProperties jpaProperties) {
		return new ConfiguredDialectProvider(jpaProperties);
	}

	@Bean
	public IFulltextSearchSvc fullTextSearchSvc() {
		return new FulltextSearchSvcImpl();
	}

	@Bean
	public IHSearchSortHelper hSearchSortHelper(ISearchParamRegistry searchParamRegistry) {
		return new HSearchSortHelperImpl(searchParamRegistry);
	}

	@Bean
	public IStaleSearchDeletingSvc staleSearchDeletingSvc() {
		return new StaleSearchDeletingSvcImpl();
	}

	@Bean
	public DatabaseBinaryContentStorageSvcImpl binaryStorageSvc() {
		return new DatabaseBinaryContentStorageSvcImpl();
	}

	@Bean
	public DatabaseBackedPagingProvider databaseBackedPagingProvider(ServerProperties properties) {
		DatabaseBackedPagingProvider paging = new DatabaseBackedPagingProvider();
		paging.setDefaultPageSize(properties.defaultPageSize());
		paging.setMaximumPageSize(properties.maxPageSize());
		return paging;
	}

	@Bean
	public IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
		return new DaoRegistryResourceSupportedSvc(daoRegistry);
	}

	@Bean(name = "myResourceCountsCache")
	public ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
		return ResourceCountCacheUtil.newResourceCountCache(systemDao);
	}

	@Bean
	public FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(ServerProperties properties) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration =
				new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties.maxRequestBytes()));
		registration.addUrlPatterns(properties.basePath() + "/*");
		return registration;
	}

	/** Concord's settings on an embedded H2 database, and its file compacted if mostly dead, before the pool opens it. */
	@Bean
	static BeanPostProcessor embeddedH2Settings() {
		return new EmbeddedH2Preparation();
	}

	@Bean
	static BeanPostProcessor sharedFhirContextOptions(ObjectProvider<ServerProperties> properties) {
		return new SharedFhirContextOptions(properties);
	}

	@Bean
	public ServletRegistrationBean<FhirServlet> fhirServlet(
			ObjectProvider<RestfulServerFactory> factory, ServerProperties properties) {
		FhirServlet servlet = new FhirServlet(() -> factory.getObject().create());
		ServletRegistrationBean<FhirServlet> registration =
				new ServletRegistrationBean<>(servlet, properties.basePath() + "/*");
		registration.setName(FHIR_SERVLET);
		registration.setLoadOnStartup(1);
		return registration;
	}

	/** Spring MVC answers "not mine" for the FHIR servlet's requests at once ({@link FhirRequestsOutsideSpringMvc}). */
	@Bean
	FhirRequestsOutsideSpringMvc fhirRequestsOutsideSpringMvc() {
		return new FhirRequestsOutsideSpringMvc(FHIR_SERVLET);
	}
}
