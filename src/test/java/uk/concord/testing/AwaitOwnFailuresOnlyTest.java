package uk.concord.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwaitOwnFailuresOnlyTest {

	/** Awaitility's defaults are the JVM's: each test starts from them and leaves them as it found them. */
	@BeforeEach
	@AfterEach
	void restoreAwaitilitysDefaults() {
		Awaitility.reset();
	}

	@Test
	void withoutTheExtensionAWaitFailsWhenAnotherThreadDiesOfAnException() {
		assertThatThrownBy(AwaitOwnFailuresOnlyTest::waitWhileAnotherThreadDies)
				.hasMessage("another thread's failure");
	}

	@Test
	void afterTheExtensionAWaitOutlivesAnotherThreadDyingOfAnException() {
		new AwaitOwnFailuresOnly().beforeAll(null);

		assertThatCode(AwaitOwnFailuresOnlyTest::waitWhileAnotherThreadDies).doesNotThrowAnyException();
	}

	/** Starts, from inside a wait, a thread that dies of an exception, and waits until it has died. */
	private static void waitWhileAnotherThreadDies() {
		Thread dying = new Thread(() -> {
			throw new IllegalStateException("another thread's failure");
		}, "dying");
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
			if (dying.getState() == Thread.State.NEW) {
				dying.start();
			}
			return dying.getState() == Thread.State.TERMINATED;
		});
	}
}
