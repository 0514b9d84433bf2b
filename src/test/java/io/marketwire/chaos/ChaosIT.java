package io.marketwire.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.testsupport.RestartsBrokers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Three minutes of {@code ./marketwire chaos} against the real brokers: RabbitMQ and Redis
 * restarted, the app SIGKILLed and started again, the upstream WebSocket dropped, malformed input
 * on every entry point, and at the end nothing lost anywhere (the data plane: nothing lost outside
 * a fault) and nothing doubled where the guarantee is exactly or at most once. It restarts
 * the brokers everyone shares, so it runs with the broker-restart tests.
 */
@Tag("broker-restart")
@RestartsBrokers
class ChaosIT {

  @Test
  void threeMinutesOfFaultsLoseNothingAndDoubleNothingThatIsExactlyOnce() {
    ChaosCommand chaos = new ChaosCommand();
    chaos.profile("test");
    int exit = new CommandLine(chaos).execute("--minutes", "3", "--seed", "7", "--port", "18971");

    ChaosCommand.Report report = chaos.report();
    assertThat(report).as("the run reported").isNotNull();
    assertThat(report.faults())
        .extracting(f -> f.get("fault"))
        .as("every kind of fault happened")
        .contains("rabbitmq", "redis", "kill", "malformed", "upstream");
    assertThat(report.appStarts()).as("the app was killed and started again").isGreaterThanOrEqualTo(2);
    assertThat(report.settled()).as("everything settled after the load").isTrue();
    assertThat(report.rows()).extracting(LedgerRow::flow).contains("market-data stream", "VWAP day book", "orders", "quotes history", "data plane quotes");
    for (LedgerRow row : report.rows()) {
      assertThat(row.produced()).as(row.flow() + " produced").isPositive();
      assertThat(row.lost()).as(row.flow() + " lost (" + row.note() + ")").isZero();
      if (row.guarantee() == LedgerRow.Guarantee.EXACTLY_ONCE || row.guarantee() == LedgerRow.Guarantee.AT_MOST_ONCE) {
        assertThat(row.duplicates()).as(row.flow() + " duplicates").isZero();
      }
    }
    assertThat(report.samples()).as("the consumer lag was scraped from the app's /observe/metrics (token)")
        .anyMatch(s -> s.lag() >= 0);
    LedgerRow dataPlane = report.rows().stream().filter(r -> r.flow().equals("data plane quotes")).findFirst().orElseThrow();
    assertThat(dataPlane.deliveredOnce())
        .as("the data plane delivered most quotes (only those sent while a fault lasted may expire)")
        .isGreaterThan(dataPlane.produced() / 2);
    assertThat(exit).as("exit code").isZero();
  }
}
