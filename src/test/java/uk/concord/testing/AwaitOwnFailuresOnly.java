package uk.concord.testing;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Waits fail on their own conditions only, in every test class from the moment the first class beside the shared
 * servers starts ({@link BesideTheSharedServers} carries this extension): Awaitility by default fails a wait when any
 * thread of the JVM dies of an exception meanwhile, and the shared servers' threads do so by design (a Subscription's
 * delivery to a receiver that answers 500) while a class beside them waits for its own servers. It is Awaitility's
 * default for the whole JVM; {@code HookReceiver} and {@code Subscribing} ask for it themselves, for runs of their
 * classes alone.
 */
public final class AwaitOwnFailuresOnly implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		// Not Awaitility.dontCatchUncaughtExceptions(): that only builds one wait, and left the default as it was.
		Awaitility.doNotCatchUncaughtExceptionsByDefault();
	}
}
