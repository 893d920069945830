package uk.concord.security.devserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.JwtClientAssertionAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.thymeleaf.ITemplateEngine;
import uk.concord.security.AuthorizationServerMetadata;
import uk.concord.security.RememberedTokens;
import uk.concord.security.SecurityConfig;
import uk.concord.security.SecurityProperties;
import uk.concord.security.ServerRoot;
import uk.concord.server.ServerProperties;

/**
 * A development authorization server inside Concord (Spring Authorization Server), so the embedded default works out
 * of the box for every kind of SMART client: system-to-system clients with a secret or a signed JWT assertion
 * (client credentials, Backend Services), and apps that sign a person in (authorization code with PKCE, a login page
 * with the demo users, OpenID Connect ID tokens with {@code fhirUser}). Tokens are RS256 JWTs; {@code /oauth2/jwks}
 * publishes the key. Off in production, where tokens come from an external issuer.
 */
@Configuration
@ConditionalOnProperty(name = "concord.security.dev-server.enabled", havingValue = "true")
public class DevAuthorizationServerConfig {

	static final String SIGNING_KEY_FILE = "security/dev-signing-key.json";

	/** Ahead of the FHIR API's chain ({@link SecurityConfig}), which takes every other request. */
	@Bean
	@Order(0)
	SecurityFilterChain authorizationServer(
			HttpSecurity http,
			AuthorizationServerSettings settings,
			SecurityProperties properties,
			ServerProperties server,
			RegisteredClientRepository clients,
			DevUsers users,
			DevServerMetadata metadata,
			ITemplateEngine templates) throws Exception {
		SecurityProperties.Throttle limits = properties.devServer().throttle();
		TokenEndpointThrottle throttle = new TokenEndpointThrottle(new FailureThrottle(limits, Clock.systemUTC()), limits,
				Set.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
						settings.getTokenRevocationEndpoint()));
		ClientAssertions assertions = new ClientAssertions(
				() -> Set.of(properties.issuer() + settings.getTokenEndpoint(),
						ServerRoot.ofCurrentRequest(server) + settings.getTokenEndpoint()),
				Clock.systemUTC());
		GrantedScopes granted = new GrantedScopes(clients, users);

		OAuth2AuthorizationServerConfigurer authorizationServer = OAuth2AuthorizationServerConfigurer.authorizationServer();
		// and the CORS preflights of browser apps before they call those endpoints
		RequestMatcher preflights = request -> "OPTIONS".equals(request.getMethod())
				&& (request.getServletPath().startsWith("/oauth2/") || request.getServletPath().equals("/userinfo"));
		http.securityMatcher(new OrRequestMatcher(authorizationServer.getEndpointsMatcher(), preflights))
				.with(authorizationServer, configurer -> configurer
						.clientAuthentication(clientAuthentication -> clientAuthentication
								.authenticationConverters(converters -> converters.replaceAll(converter ->
										converter instanceof JwtClientAssertionAuthenticationConverter
												? ClientAssertions.clientIdFromAssertion(converter)
												: converter))
								.authenticationProviders(providers -> providers.forEach(provider -> {
									if (provider instanceof JwtClientAssertionAuthenticationProvider jwt) {
										jwt.setJwtDecoderFactory(assertions);
									}
								}))
								.errorResponseHandler(throttle.countingFailures()))
						.tokenEndpoint(token -> token
								.accessTokenRequestConverters(converters -> converters.replaceAll(converter ->
										converter instanceof OAuth2ClientCredentialsAuthenticationConverter
												? granted.clientCredentials(converter)
												: converter))
								.accessTokenResponseHandler(TokenResponses.withLaunchContext(throttle)))
						.authorizationEndpoint(authorize -> authorize
								.authenticationProviders(providers -> providers.forEach(provider -> {
									if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
										request.setAuthenticationValidator(FhirAudience.validator(() -> Set.of(
												properties.issuer() + server.basePath(),
												ServerRoot.ofCurrentRequest(server) + server.basePath())));
									}
								}))
								.authorizationRequestConverters(converters -> converters.replaceAll(converter ->
										converter instanceof OAuth2AuthorizationCodeRequestAuthenticationConverter
												? granted.authorizationRequests(converter)
												: converter))
								.errorResponseHandler(new AuthorizeErrors(templates)))
						.authorizationServerMetadataEndpoint(endpoint -> endpoint
								.authorizationServerMetadataCustomizer(document -> document.claims(metadata.publish())))
						.oidc(oidc -> oidc.providerConfigurationEndpoint(endpoint -> endpoint
								.providerConfigurationCustomizer(document -> document.claims(metadata.publish())))))
				.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				// a person who is not signed in yet is shown the login page, then sent back to the authorization
				.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
						new LoginUrlAuthenticationEntryPoint(SignIn.LOGIN),
						request -> settings.getAuthorizationEndpoint().equals(request.getServletPath())))
				// the OpenID Connect userinfo endpoint takes the access token
				.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
				.csrf(csrf -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
				.cors(cors -> cors.configurationSource(browserApps(server)))
				.addFilterBefore(throttle, AbstractPreAuthenticatedProcessingFilter.class);
		return http.build();
	}

	/** The login page: a session (the person's sign-in), CSRF protection, and password guessing slowed down. */
	@Bean
	@Order(1)
	SecurityFilterChain signIn(HttpSecurity http, SecurityProperties properties) throws Exception {
		SecurityProperties.Throttle limits = properties.devServer().throttle();
		SignIn signIn = new SignIn(new FailureThrottle(limits, Clock.systemUTC()), limits);
		http.securityMatcher(SignIn.LOGIN, "/logout")
				.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
				.formLogin(form -> form.loginPage(SignIn.LOGIN)
						.failureHandler(signIn.failed())
						.successHandler(signIn.succeeded()))
				.addFilterBefore(signIn, UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

	/** Browser apps on the origins {@code concord.server.cors} allows may call the token endpoint and discovery. */
	private static UrlBasedCorsConfigurationSource browserApps(ServerProperties server) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (server.cors().enabled()) {
			source.registerCorsConfiguration("/oauth2/**", server.cors().configuration());
			source.registerCorsConfiguration("/.well-known/**", server.cors().configuration());
			source.registerCorsConfiguration("/userinfo", server.cors().configuration());
		}
		return source;
	}

	@Bean
	RSAKey devSigningKey(ServerProperties server) {
		return DevSigningKey.loadOrCreate(Path.of(server.dataDir()).resolve(SIGNING_KEY_FILE));
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(RSAKey key) {
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

	/** Concord's own tokens: only RS256 signatures by the development key, with issuer, audience and expiry. */
	@Bean
	JwtDecoder devServerTokens(RSAKey key, SecurityProperties properties) throws JOSEException {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey())
				.signatureAlgorithm(SignatureAlgorithm.RS256)
				.build();
		decoder.setJwtValidator(SecurityConfig.validator(properties));
		return new RememberedTokens(decoder);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	@Bean
	RegisteredClientRepository demoClients(SecurityProperties properties) {
		return new InMemoryRegisteredClientRepository(
				DevClients.register(properties.devServer().clients(), properties.devServer().tokenLifetime()));
	}

	@Bean
	DevUsers demoUsers(SecurityProperties properties) {
		return new DevUsers(properties.devServer().users());
	}

	@Bean
	DevServerMetadata devServerMetadata(
			SecurityProperties properties, ServerProperties server, AuthorizationServerSettings settings) {
		return new DevServerMetadata(properties, server, settings.getAuthorizationEndpoint(),
				settings.getTokenEndpoint(), settings.getJwkSetEndpoint());
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> smartClaims(
			SecurityProperties properties, ServerProperties server, DevUsers users) {
		return new SmartClaims(properties.audience(), users,
				() -> ServerRoot.ofCurrentRequest(server) + server.basePath());
	}
}
