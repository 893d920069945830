package uk.concord.testing;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives every {@link FhirHttp} field of a test a client for the server its Spring context started, so test classes
 * need no port plumbing of their own. Runs after Spring's extension, which starts (or reuses) the server.
 */
public class FhirHttpInjector implements TestInstancePostProcessor {

	@Override
	public void postProcessTestInstance(Object test, ExtensionContext context) throws IllegalAccessException {
		String port = SpringExtension.getApplicationContext(context).getEnvironment().getRequiredProperty("local.server.port");
		for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (field.getType() == FhirHttp.class) {
					field.setAccessible(true);
					field.set(test, new FhirHttp(Integer.parseInt(port)));
				}
			}
		}
	}
}
