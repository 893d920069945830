package uk.concord.server;

import ca.uhn.fhir.jpa.subscription.channel.impl.RetryPolicyProvider;
import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.retry.RetryListener;
import org.springframework.retry.RetryPolicy;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.ExponentialBackOffPolicy;
import org.springframework.retry.policy.TimeoutRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

/**
 * HAPI's retry policy for its in-JVM message channels, replaced (as HAPI intends it to be customised) by the
 * {@link DeliveryRetryPolicy} a feature supplies; HAPI's own (1 s, growing by a tenth, for a minute) without one.
 */
class ChannelRetries extends RetryPolicyProvider {

	private final ObjectProvider<DeliveryRetryPolicy> policies;
	private DeliveryRetryPolicy policy;

	ChannelRetries(ObjectProvider<DeliveryRetryPolicy> policies) {
		this.policies = policies;
	}

	/** Looked up when a channel is first made, not when HAPI's beans are: the policy's listener needs HAPI's DAOs. */
	@Override
	public synchronized RetryTemplate getRetryTemplate() {
		policy = policies.getIfAvailable();
		if (policy == null || policy.whenRetrying() == null) {
			return super.getRetryTemplate();
		}
		RetryListener listener = policy.whenRetrying();
		// HAPI's channel sets its own (logging) listener on the template; the policy's is kept beside it
		RetryTemplate template = new RetryTemplate() {
			@Override
			public void setListeners(RetryListener[] listeners) {
				RetryListener[] all = Arrays.copyOf(listeners, listeners.length + 1);
				all[listeners.length] = listener;
				super.setListeners(all);
			}
		};
		template.setBackOffPolicy(backOffPolicy());
		template.setRetryPolicy(retryPolicy());
		template.setThrowLastExceptionOnExhausted(true);
		template.setListeners(new RetryListener[0]);
		return template;
	}

	@Override
	protected RetryPolicy retryPolicy() {
		if (policy == null) {
			return super.retryPolicy();
		}
		TimeoutRetryPolicy timeout = new TimeoutRetryPolicy();
		timeout.setTimeout(policy.giveUpAfter().toMillis());
		return timeout;
	}

	@Override
	protected BackOffPolicy backOffPolicy() {
		if (policy == null) {
			return super.backOffPolicy();
		}
		ExponentialBackOffPolicy backOff = new ExponentialBackOffPolicy();
		backOff.setInitialInterval(policy.firstRetryAfter().toMillis());
		backOff.setMultiplier(1.5);
		backOff.setMaxInterval(Math.max(policy.firstRetryAfter().toMillis(), policy.giveUpAfter().toMillis() / 4));
		return backOff;
	}
}
