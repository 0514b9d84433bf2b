package io.marketwire.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

  private static final List<Fault> ALL = List.of(Fault.RABBITMQ, Fault.REDIS, Fault.KILL, Fault.MALFORMED);

  @Test
  void faultsFallBetweenATenthAndThreeQuartersOfTheRunEvenlySpaced() {
    FaultSchedule s = FaultSchedule.plan(Duration.ofMinutes(10), Duration.ofSeconds(60), ALL, 1);
    assertThat(s.faults()).extracting(f -> f.at().toSeconds()).containsExactly(60L, 120L, 180L, 240L, 300L, 360L, 420L);
  }

  @Test
  void everyKindComesOnceBeforeAnyRepeats() {
    FaultSchedule s = FaultSchedule.plan(Duration.ofMinutes(10), Duration.ofSeconds(60), ALL, 7);
    assertThat(s.faults().subList(0, 4)).extracting(FaultSchedule.Planned::fault).containsExactlyInAnyOrderElementsOf(ALL);
  }

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOrder() {
    Duration run = Duration.ofMinutes(60);
    Duration every = Duration.ofSeconds(30);
    assertThat(FaultSchedule.plan(run, every, ALL, 42)).isEqualTo(FaultSchedule.plan(run, every, ALL, 42));
    boolean anyDiffers = false;
    for (long seed = 1; seed < 10 && !anyDiffers; seed++) {
      anyDiffers = !FaultSchedule.plan(run, every, ALL, 42).equals(FaultSchedule.plan(run, every, ALL, seed));
    }
    assertThat(anyDiffers).as("some other seed orders the faults differently").isTrue();
  }

  @Test
  void noKindsNoFaults() {
    assertThat(FaultSchedule.plan(Duration.ofMinutes(5), Duration.ofSeconds(20), List.of(), 1).faults()).isEmpty();
  }

  @Test
  void faultNamesParseAndUnknownOnesAreRefusedWithTheValidNames() {
    assertThat(Fault.parse("kill-app")).isEqualTo(Fault.KILL);
    assertThat(Fault.parse(" RabbitMQ ")).isEqualTo(Fault.RABBITMQ);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fault.parse("network"))
        .hasMessageContaining("network")
        .hasMessageContaining("rabbitmq, redis, kill, malformed");
  }
}
