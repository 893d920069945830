package uk.concord.server;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.util.ClassUtils;

/**
 * HAPI's Spring Data repositories (about a hundred) are made when first called instead of at start-up, where making
 * each one parsed every query it declares (Spring Data checks each {@code @Query} by having Hibernate parse it): 13 %
 * of a restart's main thread (run 49), for queries most servers never run. This is Spring Data's own lazy bootstrap
 * mode, which HAPI's {@code @EnableJpaRepositories} leaves at eager: each repository's definition and factory are lazy,
 * and every injection point of a repository type receives a proxy that makes the repository on its first call and
 * keeps it.
 * A query HAPI declares wrongly would show at its first use rather than at start; HAPI's own tests cover them.
 */
final class RepositoriesOnFirstUse implements BeanFactoryPostProcessor {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!(beanFactory instanceof DefaultListableBeanFactory factory)
				|| factory.getAutowireCandidateResolver().getClass() != ContextAnnotationAutowireCandidateResolver.class) {
			// another resolver would be replaced, and whatever it decides lost with it
			throw new IllegalStateException("Cannot make repositories on first use: the bean factory is "
					+ beanFactory.getClass().getName() + " with " + (beanFactory instanceof DefaultListableBeanFactory f
					? f.getAutowireCandidateResolver().getClass().getName() : "another resolver"));
		}
		for (String name : factory.getBeanDefinitionNames()) {
			BeanDefinition definition = factory.getBeanDefinition(name);
			if (makesRepository(definition, factory.getBeanClassLoader())) {
				definition.setLazyInit(true);
				// the factory itself may still be made early, when Spring asks beans their type: it too waits
				definition.getPropertyValues().add("lazyInit", true);
			}
		}
		factory.setAutowireCandidateResolver(new RepositoryProxies());
	}

	private static boolean makesRepository(BeanDefinition definition, ClassLoader classLoader) {
		String className = definition.getBeanClassName();
		return className != null && ClassUtils.isPresent(className, classLoader)
				&& RepositoryFactoryBeanSupport.class.isAssignableFrom(ClassUtils.resolveClassName(className, classLoader));
	}

	/** Spring's resolver, with every repository injected as a proxy resolved on its first call. */
	private static final class RepositoryProxies extends ContextAnnotationAutowireCandidateResolver {

		@Override
		protected boolean isLazy(DependencyDescriptor descriptor) {
			Class<?> type = descriptor.getDependencyType();
			return (type.isInterface() && Repository.class.isAssignableFrom(type)) || super.isLazy(descriptor);
		}
	}
}
