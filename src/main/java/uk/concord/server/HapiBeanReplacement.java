package uk.concord.server;

import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Replaces beans HAPI's configuration classes define, by name, with Concord's subclasses (made by their constructors,
 * autowired), or leaves out ones HAPI injects only where present, without allowing bean overriding everywhere:
 * declare one as a {@code static @Bean}.
 */
public final class HapiBeanReplacement implements BeanDefinitionRegistryPostProcessor {

	private final Map<String, Class<?>> replacements;
	private final Set<String> leftOut;

	private HapiBeanReplacement(Map<String, Class<?>> replacements, Set<String> leftOut) {
		this.replacements = replacements;
		this.leftOut = leftOut;
	}

	/** HAPI's bean of each name becomes an instance of the class given for it. */
	public static HapiBeanReplacement of(Map<String, Class<?>> replacements) {
		return new HapiBeanReplacement(Map.copyOf(replacements), Set.of());
	}

	/** HAPI's beans of these names are not made at all (only for beans HAPI asks for as optional). */
	public static HapiBeanReplacement without(String... names) {
		return new HapiBeanReplacement(Map.of(), Set.of(names));
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		replacements.forEach((name, type) -> {
			RootBeanDefinition replacement = new RootBeanDefinition(type);
			replacement.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
			registry.removeBeanDefinition(name);
			registry.registerBeanDefinition(name, replacement);
		});
		leftOut.forEach(registry::removeBeanDefinition);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		// nothing more to change
	}
}
