package io.marketwire.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultWindowsTest {

  private static final long S = 1_000_000_000L;

  @Test
  void anInstantIsExcusedOnlyInsideAWidenedWindowOfARealFault() {
    FaultWindows windows = new FaultWindows();
    windows.record(Fault.RABBITMQ, 100 * S, 110 * S);
    windows.record(Fault.MALFORMED, 200 * S, 201 * S);
    Duration before = Duration.ofSeconds(2);
    Duration after = Duration.ofSeconds(10);

    assertThat(windows.covering(97 * S, before, after)).isEmpty();
    assertThat(windows.covering(98 * S, before, after)).contains(Fault.RABBITMQ);
    assertThat(windows.covering(105 * S, before, after)).contains(Fault.RABBITMQ);
    assertThat(windows.covering(120 * S, before, after)).contains(Fault.RABBITMQ);
    assertThat(windows.covering(121 * S, before, after)).isEmpty();
    assertThat(windows.covering(200 * S, before, after)).as("malformed input excuses no loss").isEmpty();
  }
}
