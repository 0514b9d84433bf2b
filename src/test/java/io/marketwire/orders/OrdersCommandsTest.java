package io.marketwire.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OrdersCommandsTest {

  /** Seed 004: {@code pdm run demo worker W1}; here {@code ./marketwire orders worker W1}. */
  @Test
  void theWorkersIdIsPositionalAsInTheSeed() {
    OrdersCommands.Worker worker = new OrdersCommands.Worker();
    new CommandLine(worker).parseArgs("W1", "--concurrency", "2");

    assertThat(worker.overrides())
        .containsEntry("marketwire.orders.worker.id", "W1")
        .containsEntry("marketwire.orders.worker.concurrency", "2");
  }

  @Test
  void withoutAnIdTheSettingStaysAsConfigured() {
    OrdersCommands.Worker worker = new OrdersCommands.Worker();
    new CommandLine(worker).parseArgs();

    assertThat(worker.overrides()).doesNotContainKey("marketwire.orders.worker.id");
  }
}
