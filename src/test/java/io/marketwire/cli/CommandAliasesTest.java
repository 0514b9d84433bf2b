package io.marketwire.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.app.Flows;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeds' flow commands, each translated to {@code run FLOW --set ...}. */
class CommandAliasesTest {

  private static List<String> translate(String... words) {
    List<String> line = List.of(words);
    CommandAliases.Alias alias = CommandAliases.find(line).orElseThrow();
    return alias.toRun(CommandAliases.argumentsOf(alias, line));
  }

  /** Seed 004: {@code pdm run demo worker W1}; here {@code ./marketwire orders worker W1}. */
  @Test
  void theWorkersIdIsPositionalAsInTheSeed() {
    assertThat(translate("orders", "worker", "W1", "--concurrency", "2"))
        .containsExactly(
            "run", "orders/worker",
            "--set", "marketwire.orders.worker.id=W1",
            "--set", "marketwire.orders.worker.concurrency=2");
  }

  @Test
  void withoutAnIdTheSettingStaysAsConfigured() {
    assertThat(translate("orders", "worker")).containsExactly("run", "orders/worker");
  }

  @Test
  void fixedSettingsComeFirstAndAnOptionMaySetSeveralKeys() {
    assertThat(translate("producer", "--symbols=AZO,LII", "--speed", "max"))
        .containsExactly(
            "run", "market-data/producer",
            "--set", "marketwire.replay.symbols=AZO,LII",
            "--set", "marketwire.simulator.symbols=AZO,LII",
            "--set", "marketwire.replay.speed=max");
    assertThat(translate("consume", "--name", "morning"))
        .containsExactly("run", "market-data/consume", "--set", "marketwire.consume.enabled=true", "--set", "marketwire.consume.name=morning");
  }

  @Test
  void flagsAndNamedValues() {
    assertThat(translate("mdl", "--no-local-upstream")).containsExactly("run", "dataplane/mdl", "--set", "marketwire.upstream.server.enabled=false");
    assertThat(translate("consumers", "--offset", "tape=last", "--offset", "archive=offset:5000"))
        .containsExactly(
            "run", "market-data/consumers",
            "--set", "marketwire.consumers.tape.offset=last",
            "--set", "marketwire.consumers.archive.offset=offset:5000");
  }

  @Test
  void anUnknownOptionIsRefusedWithWhatTheAliasTakes() {
    assertThatThrownBy(() -> translate("vwap", "--batch", "5"))
        .hasMessageContaining("vwap has no option --batch")
        .hasMessageContaining("--batch-size")
        .hasMessageContaining("marketwire.vwap.batch-size");
  }

  @Test
  void everyAliasRunsAFlowThatExists() {
    Flows flows = Flows.inWorkingDirectory();
    CommandAliases.all().forEach(alias -> assertThat(flows.includePattern(List.of(alias.flow()))).as(alias.command()).isNotBlank());
  }

  @Test
  void runAndTheOtherCommandsAreNoAliases() {
    assertThat(CommandAliases.find(List.of("run", "market-data/vwap"))).isEmpty();
    assertThat(CommandAliases.find(List.of("replay"))).isEmpty();
  }
}
