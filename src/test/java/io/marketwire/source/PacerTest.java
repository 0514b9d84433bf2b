package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {

  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void realTimeWaitsTheEventGap() {
    Pacer pacer = new Pacer(1, now::get);

    assertThat(pacer.delayNanos(5_000_000_000L)).isZero();
    assertThat(pacer.delayNanos(6_000_000_000L)).isEqualTo(1_000_000_000L);
    now.addAndGet(400_000_000L);
    assertThat(pacer.delayNanos(6_000_000_000L)).isEqualTo(600_000_000L);
  }

  @Test
  void fasterSpeedDividesTheGap() {
    Pacer pacer = new Pacer(10, now::get);
    pacer.delayNanos(0);

    assertThat(pacer.delayNanos(60_000_000_000L)).isEqualTo(6_000_000_000L);
  }

  @Test
  void deadlinesComeFromTheAnchorSoALateConsumerCatchesUp() {
    Pacer pacer = new Pacer(1, now::get);
    pacer.delayNanos(0);
    now.addAndGet(10_000_000_000L);

    assertThat(pacer.delayNanos(5_000_000_000L)).isZero();
    assertThat(pacer.delayNanos(11_000_000_000L)).isEqualTo(1_000_000_000L);
  }

  @Test
  void maxNeverWaits() {
    Pacer pacer = new Pacer(Pacer.MAX_SPEED, now::get);
    pacer.delayNanos(0);

    assertThat(pacer.delayNanos(Long.MAX_VALUE / 2)).isZero();
  }

  @Test
  void parsesSpeeds() {
    assertThat(Pacer.parseSpeed("max")).isInfinite();
    assertThat(Pacer.parseSpeed("MAX")).isInfinite();
    assertThat(Pacer.parseSpeed("1")).isEqualTo(1.0);
    assertThat(Pacer.parseSpeed("60x")).isEqualTo(60.0);
    assertThat(Pacer.parseSpeed("0.5")).isEqualTo(0.5);
  }

  @Test
  void rejectsBadSpeeds() {
    assertThatThrownBy(() -> Pacer.parseSpeed("fast")).hasMessageContaining("\"fast\"");
    assertThatThrownBy(() -> Pacer.parseSpeed("0")).hasMessageContaining("positive");
    assertThatThrownBy(() -> Pacer.parseSpeed("-2")).hasMessageContaining("positive");
    assertThatThrownBy(() -> new Pacer(0)).hasMessageContaining("positive");
  }

  @Test
  void awaitReturnsOnceDue() throws InterruptedException {
    Pacer pacer = new Pacer(1_000, System::nanoTime);
    long start = System.nanoTime();
    pacer.await(0);

    pacer.await(50_000_000_000L); // 50 s of virtual time is 50 ms at this speed

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(50_000_000L);
  }
}
