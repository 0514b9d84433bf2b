package io.marketwire.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailureSimulatorTest {

  @Test
  void failsAboutTheConfiguredShareOfOrders() {
    FailureSimulator sim = new FailureSimulator(0.10, 0.5, 42);
    long failing = IntStream.range(0, 20_000).filter(i -> sim.failure("o-" + i, 1) != null).count();
    assertThat(failing).isBetween(1_800L, 2_200L);
  }

  @Test
  void transientFailuresHealOnRetryPermanentOnesDoNot() {
    FailureSimulator sim = new FailureSimulator(1.0, 0.5, 7);
    long healed = IntStream.range(0, 2_000).filter(i -> sim.failure("o-" + i, 2) == null).count();
    assertThat(healed).isBetween(900L, 1_100L);
    IntStream.range(0, 2_000).forEach(i -> assertThat(sim.failure("o-" + i, 1)).isNotNull());
  }

  @Test
  void sameSeedSameFailuresOtherSeedOthers() {
    FailureSimulator a = new FailureSimulator(0.3, 0.0, 1);
    FailureSimulator b = new FailureSimulator(0.3, 0.0, 1);
    FailureSimulator c = new FailureSimulator(0.3, 0.0, 2);
    var failA = IntStream.range(0, 500).filter(i -> a.failure("o-" + i, 1) != null).boxed().toList();
    var failB = IntStream.range(0, 500).filter(i -> b.failure("o-" + i, 1) != null).boxed().toList();
    var failC = IntStream.range(0, 500).filter(i -> c.failure("o-" + i, 1) != null).boxed().toList();
    assertThat(failA).isEqualTo(failB).isNotEqualTo(failC);
  }

  @Test
  void zeroRateNeverFailsAndBadRatesAreRejected() {
    FailureSimulator none = new FailureSimulator(0.0, 0.5, 1);
    assertThat(IntStream.range(0, 1000).allMatch(i -> none.failure("o-" + i, 1) == null)).isTrue();
    assertThatThrownBy(() -> new FailureSimulator(1.5, 0.5, 1)).hasMessageContaining("failure-rate");
  }
}
