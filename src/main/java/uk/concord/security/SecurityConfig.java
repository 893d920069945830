package uk.concord.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import uk.concord.server.FhirServerCustomizer;
import uk.concord.server.HapiBeanReplacement;
import uk.concord.server.ServerProperties;
import uk.concord.server.StoredResources;

/**
 * Who may call Concord and what they may see. Spring Security checks the bearer token (signature, issuer, audience,
 * expiry) before a request reaches the FHIR servlet; HAPI's interceptors then decide what the token's scopes, the
 * caller's care relationships and patients' consents allow.
 */
@Configuration
public class SecurityConfig {

	/** Order among {@link FhirServerCustomizer}s: first, so that nothing runs for a request that will be refused. */
	public static final int ORDER = 100;

	/** Open without a token: what a client needs to discover how to get one, health checks and documentation. */
	static String[] publicPaths(String fhirBase) {
		return new String[] {
			fhirBase + "/metadata", fhirBase + SmartConfiguration.PATH, SmartConfiguration.PATH,
			"/actuator/health", "/actuator/health/**", "/ig", "/ig/**", fhirBase + "/api-docs",
			fhirBase + "/swagger-ui/**", "/error"
		};
	}

	@Bean
	@Order(2)
	SecurityFilterChain fhirApi(HttpSecurity http, ServerProperties server, OperationOutcomeErrors errors)
			throws Exception {
		http.authorizeHttpRequests(requests -> requests
						.requestMatchers(publicPaths(server.basePath())).permitAll()
						// CORS preflights carry no token; HAPI's CORS interceptor answers them (concord.server.cors)
						.requestMatchers(HttpMethod.OPTIONS, server.basePath() + "/**").permitAll()
						.anyRequest().authenticated())
				.oauth2ResourceServer(resourceServer -> resourceServer
						.jwt(jwt -> {})
						.authenticationEntryPoint(errors)
						.accessDeniedHandler(errors))
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
				.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				// bearer tokens, not cookies: there is no session for a forged request to ride on
				.csrf(csrf -> csrf.disable())
				.requestCache(cache -> cache.disable());
		return http.build();
	}

	/**
	 * Every path pattern of every filter chain (this one, the emergency card scans', the development authorization
	 * server's) is a plain path pattern. Without this, Spring Security asks of each pattern, on every request, whether
	 * the request is for Spring MVC's servlet (a class looked up by name each time: 1.1 % of a read's request CPU,
	 * bench/RESULTS.md run 44), since the FHIR servlet is a second one.
	 */
	@Bean
	static PathPatternRequestMatcherBuilderFactoryBean pathPatterns() {
		return new PathPatternRequestMatcherBuilderFactoryBean();
	}

	@Bean
	static HttpFirewall httpFirewall() {
		return HeaderCharacters.firewall();
	}

	/** 401, 403 and the firewall's 400 as OperationOutcomes (Spring Security finds the firewall's handler by type). */
	@Bean
	static OperationOutcomeErrors securityErrors(FhirContext fhir) {
		return new OperationOutcomeErrors(fhir);
	}

	@Bean
	static BearerTokenResolver bearerTokens() {
		return new BearerHeader();
	}

	/** HAPI's store of searches looks for one to reuse as {@link SearchPageOwner} stores them (its bean's name). */
	@Bean
	static HapiBeanReplacement ownSearchesReused() {
		return HapiBeanReplacement.of(Map.of("searchCacheSvc", OwnSearchesReused.class));
	}

	@Bean
	FilterRegistrationBean<BreakGlassParameterFilter> breakGlassParameter(ServerProperties server) {
		FilterRegistrationBean<BreakGlassParameterFilter> registration =
				new FilterRegistrationBean<>(new BreakGlassParameterFilter());
		registration.addUrlPatterns(server.basePath() + "/*");
		return registration;
	}

	/** Tokens of an external OpenID Connect issuer (NHS CIS2, NHS login, Keycloak, ...), by its published keys. */
	@Bean
	@ConditionalOnProperty(name = "concord.security.dev-server.enabled", havingValue = "false", matchIfMissing = true)
	JwtDecoder externalIssuerTokens(SecurityProperties properties) {
		if (properties.jwkSetUri() == null || properties.jwkSetUri().isBlank()) {
			throw new IllegalStateException(
					"concord.security.jwk-set-uri must be set when the development authorization server is off");
		}
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
		decoder.setJwtValidator(validator(properties));
		return new RememberedTokens(decoder);
	}

	/** Issuer, audience and expiry (with a minute's clock skew), as every accepted token must have them. */
	public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
				"aud", aud -> aud != null && aud.contains(properties.audience()));
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()), audience,
				new JwtClaimValidator<Object>("exp", exp -> exp != null));
	}

	@Bean
	@Order(ORDER)
	FhirServerCustomizer authorisation(
			ReachablePatients reachable, CareRelationships relationships, FhirContext fhir, SmartConfiguration smart,
			DaoRegistry daos, IIdHelperService<JpaPid> ids, ISearchParamRegistry searchParameters,
			ISearchCacheSvc searches, StoredResources stored) {
		return server -> {
			server.registerInterceptor(smart);
			SmartAuthorizationInterceptor authorisation = new SmartAuthorizationInterceptor(reachable);
			CareSharingConsentService consent = new CareSharingConsentService(relationships, fhir);
			// in this order on each hook: refuse what is not classified before anything is narrowed or looked up
			server.registerInterceptor(
					new DenyByDefault(fhir, searchParameters, new InstanceReadRule(daos, authorisation, consent)));
			server.registerInterceptor(new SearchPageOwner(searches, stored));
			server.registerInterceptor(new CareRelationshipNarrowing(reachable, new PatientsNamedByIdentifier(daos, ids)));
			server.registerInterceptor(new IncludeNarrowing(authorisation));
			server.registerInterceptor(authorisation);
			server.registerInterceptor(consent);
			server.registerInterceptor(new ConsentInterceptor(consent));
		};
	}

	/**
	 * What keeps one patient's record from answering for another's: consent rules Concord can apply, care teams
	 * whose members are not other patients' records, documents of one patient, and the same answer for a record the
	 * caller may not see as for one that does not exist.
	 */
	@Bean
	@Order(ORDER + 1)
	FhirServerCustomizer onePatientPerRecord(FhirContext fhir, DaoRegistry daos) {
		return server -> {
			server.registerInterceptor(new ConsentRulesCheck(fhir, daos));
			server.registerInterceptor(new CarerConfirmationWrites(fhir));
			server.registerInterceptor(new CareTeamMembersCheck(fhir, daos));
			server.registerInterceptor(new NotAllowedLooksLikeNotThere());
		};
	}
}
