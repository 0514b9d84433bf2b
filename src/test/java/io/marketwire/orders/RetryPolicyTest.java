package io.marketwire.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void delaysGrowExponentiallyUpToTheCap() {
    RetryPolicy policy = new RetryPolicy(6, 1000, 2.0, 5000);
    assertThat(policy.delayAfter(1)).isEqualTo(1000);
    assertThat(policy.delayAfter(2)).isEqualTo(2000);
    assertThat(policy.delayAfter(3)).isEqualTo(4000);
    assertThat(policy.delayAfter(4)).isEqualTo(5000);
    assertThat(policy.delayQueues()).isEqualTo(5);
  }

  @Test
  void theLastAttemptIsNotRetried() {
    RetryPolicy policy = new RetryPolicy(3, 100, 2.0, 1000);
    assertThat(policy.canRetry(1)).isTrue();
    assertThat(policy.canRetry(2)).isTrue();
    assertThat(policy.canRetry(3)).isFalse();
    assertThat(new RetryPolicy(1, 100, 2.0, 100).delayQueues()).isZero();
  }

  @Test
  void nonsenseSettingsAreRejectedWithTheKey() {
    assertThatThrownBy(() -> new RetryPolicy(0, 100, 2.0, 1000)).hasMessageContaining("max-attempts");
    assertThatThrownBy(() -> new RetryPolicy(3, 100, 0.5, 1000)).hasMessageContaining("multiplier");
  }
}
