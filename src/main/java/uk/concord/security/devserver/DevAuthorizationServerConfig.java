package uk.concord.security.devserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import uk.concord.security.SecurityConfig;
import uk.concord.security.SecurityProperties;
import uk.concord.security.SecurityProperties.Client;
import uk.concord.server.ServerProperties;

/**
 * A development authorization server inside Concord (Spring Authorization Server), so the embedded default works out
 * of the box: {@code POST /oauth2/token} with the client credentials grant issues RS256 JWTs to the demo clients of
 * {@code concord.security.dev-server.clients}, and {@code /oauth2/jwks} publishes the key. Off in production, where
 * tokens come from an external issuer.
 */
@Configuration
@ConditionalOnProperty(name = "concord.security.dev-server.enabled", havingValue = "true")
public class DevAuthorizationServerConfig {

	static final String SIGNING_KEY_FILE = "security/dev-signing-key.json";

	private static final String PATIENT = "concord.patient";
	private static final String FHIR_USER = "concord.fhirUser";
	private static final String ORGANIZATION = "concord.organization";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
		OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
		http.securityMatcher(server.getEndpointsMatcher())
				.with(server, Customizer.withDefaults())
				.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				.csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()));
		return http.build();
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
		return decoder;
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	@Bean
	RegisteredClientRepository demoClients(SecurityProperties properties) {
		List<RegisteredClient> clients = properties.devServer().clients().stream()
				.map(client -> register(client, properties))
				.toList();
		return new InMemoryRegisteredClientRepository(clients);
	}

	private static RegisteredClient register(Client client, SecurityProperties properties) {
		ClientSettings.Builder settings = ClientSettings.builder();
		if (client.patient() != null) {
			settings.setting(PATIENT, client.patient());
		}
		if (client.fhirUser() != null) {
			settings.setting(FHIR_USER, client.fhirUser());
		}
		if (client.organization() != null) {
			settings.setting(ORGANIZATION, client.organization());
		}
		return RegisteredClient.withId(client.id())
				.clientId(client.id())
				.clientSecret("{noop}" + client.secret())
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scopes(scopes -> scopes.addAll(client.scopes()))
				.clientSettings(settings.build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.devServer().tokenLifetime()).build())
				.build();
	}

	/**
	 * SMART's claims: the audience Concord checks, the client, and the patient, user and organisation the client
	 * is bound to. A client that asks for no scope is granted all of its registered ones.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> smartClaims(SecurityProperties properties) {
		return context -> {
			RegisteredClient client = context.getRegisteredClient();
			var claims = context.getClaims();
			claims.audience(List.of(properties.audience()));
			claims.claim("client_id", client.getClientId());
			// SMART's form: one space-separated string
			claims.claim("scope", String.join(" ",
					context.getAuthorizedScopes().isEmpty() ? client.getScopes() : context.getAuthorizedScopes()));
			Map<String, Object> settings = client.getClientSettings().getSettings();
			copy(settings, PATIENT, "patient", claims);
			copy(settings, FHIR_USER, "fhirUser", claims);
			copy(settings, ORGANIZATION, "organization", claims);
		};
	}

	private static void copy(
			Map<String, Object> settings, String setting, String claim,
			org.springframework.security.oauth2.jwt.JwtClaimsSet.Builder claims) {
		Object value = settings.get(setting);
		if (value != null) {
			claims.claim(claim, value);
		}
	}
}
