package uk.concord.server;

import ca.uhn.fhir.context.ConfigurationException;
import ca.uhn.fhir.jpa.config.HibernatePropertiesProvider;
import org.hibernate.dialect.Dialect;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;

/** Tells HAPI which of its Hibernate dialects is in use; the dialect is always set explicitly in configuration. */
class ConfiguredDialectProvider extends HibernatePropertiesProvider {

	private final Dialect dialect;

	ConfiguredDialectProvider(JpaProperties jpaProperties) {
		dialect = dialectOf(jpaProperties);
	}

	static Dialect dialectOf(JpaProperties jpaProperties) {
		String dialectClass = jpaProperties.getProperties().get("hibernate.dialect");
		if (dialectClass == null || dialectClass.isBlank()) {
			throw new ConfigurationException("spring.jpa.properties.hibernate.dialect must name a HAPI FHIR dialect");
		}
		try {
			return (Dialect) Class.forName(dialectClass).getDeclaredConstructor().newInstance();
		} catch (ReflectiveOperationException | ClassCastException e) {
			throw new ConfigurationException("Unknown Hibernate dialect " + dialectClass, e);
		}
	}

	@Override
	public Dialect getDialect() {
		return dialect;
	}
}
