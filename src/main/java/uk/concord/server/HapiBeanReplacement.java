package uk.concord.server;

import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Replaces beans HAPI's configuration classes define, by name, with Concord's subclasses (made by their constructors,
 * autowired), without allowing bean overriding everywhere: declare one as a {@code static @Bean}.
 */
public final class HapiBeanReplacement implements BeanDefinitionRegistryPostProcessor {

	private final Map<String, Class<?>> replacements;

	private HapiBeanReplacement(Map<String, Class<?>> replacements) {
		this.replacements = replacements;
	}

	/** HAPI's bean of each name becomes an instance of the class given for it. */
	public static HapiBeanReplacement of(Map<String, Class<?>> replacements) {
		return new HapiBeanReplacement(Map.copyOf(replacements));
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		replacements.forEach((name, type) -> {
			RootBeanDefinition replacement = new RootBeanDefinition(type);
			replacement.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
			registry.removeBeanDefinition(name);
			registry.registerBeanDefinition(name, replacement);
		});
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		// nothing more to change
	}
}
