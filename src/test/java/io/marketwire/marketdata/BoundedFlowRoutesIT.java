package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.analytics.ReplaySummary;
import io.marketwire.audit.AuditRebuilder;
import io.marketwire.audit.AuditState;
import io.marketwire.cli.MarketDataCommands;
import io.marketwire.testsupport.AuditRun;
import io.marketwire.testsupport.ReplayRun;
import io.marketwire.testsupport.RunningApp;
import io.marketwire.testsupport.TestStreams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The replay and audit-rebuild commands as launchers of their routes (routes/market-data/replay,
 * routes/market-data/audit-rebuild, on the consumer's bounded read): each ends by itself, with
 * exit code 0, and finds what the direct readers ({@link StreamReplay}, {@link AuditRebuilder})
 * find on the same stream; the replay finds on a super stream what it finds on a plain stream.
 */
class BoundedFlowRoutesIT {

  @RegisterExtension final TestStreams streams = new TestStreams();

  private static int run(Object command, String... args) {
    ((io.marketwire.cli.ProfileAware) command).profile("test");
    return new CommandLine(command).execute(args);
  }

  @Test
  void theReplayRouteSummarisesWhatTheStreamReplayFinds() throws Exception {
    String stream = streams.stream("it-rp");
    Map<String, String> o =
        ReplayRun.overrides(
            stream, streams.stream("it-err"), List.of("AZO", "LII", "GWW"), LocalDate.parse("2024-03-04"), LocalDate.parse("2024-03-05"), "max");
    try (RunningApp app = RunningApp.start(io.marketwire.app.Flows.routes("market-data/producer"), o)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> ReplayRun.finished(app));
    }
    Path json = Path.of("target", "it-" + streams.id() + "-replay.json");
    Path export = Path.of("target", "it-" + streams.id() + "-export");
    int exit =
        run(new MarketDataCommands.Replay(), "--stream", stream, "--from", "2024-03-05", "--to", "2024-03-05", "--symbols", "AZO,LII",
            "--json", json.toString(), "--export", export.toString());
    assertThat(exit).isZero();

    ReplaySummary direct =
        new StreamReplay(streams.admin().environment())
            .replay(stream, Instant.parse("2024-03-05T00:00:00Z"), Instant.parse("2024-03-06T00:00:00Z"), Set.of("AZO", "LII"));
    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    assertThat(summary.path("messages").asLong()).isEqualTo(direct.messages()).isPositive();
    assertThat(summary.path("timed_out").asBoolean()).isFalse();
    assertThat(summary.path("symbols").size()).isEqualTo(2);
    for (String symbol : Set.of("AZO", "LII")) {
      assertThat(summary.path("symbols").path(symbol).path("volume").asLong())
          .isEqualTo(direct.symbols().get(symbol).volume());
      assertThat(Files.readAllLines(export.resolve(symbol + ".jsonl"))).hasSize((int) direct.symbols().get(symbol).count());
    }
    assertThat(export.resolve("GWW.jsonl")).doesNotExist();
  }

  /**
   * The replay route on a 3-partition super stream (issue 15): the same bars replayed by the
   * producer route into a plain stream and into the super stream (routed by symbol), then
   * replayed whole and as a time range of some symbols. Summary (but its timing) and export must
   * be identical: the read waits for every partition's end, and each symbol's ticks come from one
   * partition in the plain stream's order.
   */
  @Test
  void theReplayRouteSummarisesASuperStreamAsThePlainStream() throws Exception {
    String plain = streams.stream("it-rp-plain");
    String partitioned = "it-rp-sup-" + streams.id();
    List<String> symbols = List.of("AZO", "LII", "GWW", "FDS");
    try {
      replayBars(plain, false, symbols);
      replayBars(partitioned, true, symbols);
      assertThat(streams.admin().partitionsWithMessages(partitioned, SUPER_PARTITIONS)).as("the symbols spread over several partitions").isGreaterThan(1);

      Replayed whole = replayBoth(plain, partitioned, "whole");
      assertThat(whole.summary().path("messages").asLong()).isPositive();
      assertThat(whole.summary().path("skipped").asLong()).isZero();
      assertThat(whole.export().keySet()).containsExactlyInAnyOrderElementsOf(symbols);

      Replayed ranged = replayBoth(plain, partitioned, "ranged", "--from", "2024-03-05", "--to", "2024-03-05", "--symbols", "AZO,LII,FDS");
      assertThat(ranged.summary().path("messages").asLong()).isPositive().isLessThan(whole.summary().path("messages").asLong());
      assertThat(ranged.summary().path("skipped").asLong()).as("the chosen symbols' ticks of 2024-03-04").isPositive();
      assertThat(ranged.export().keySet()).containsExactlyInAnyOrder("AZO", "LII", "FDS");
    } finally {
      streams.admin().deleteSuperStreams(partitioned);
    }
  }

  private static final int SUPER_PARTITIONS = 3;

  /** What one replay wrote: its summary without the timing, and each symbol's export lines. */
  private record Replayed(JsonNode summary, Map<String, List<String>> export) {}

  /** Bars of 2024-03-04 and 05 replayed by the producer route into {@code stream}. */
  private void replayBars(String stream, boolean superStream, List<String> symbols) throws Exception {
    Map<String, String> o =
        ReplayRun.overrides(stream, streams.stream("it-err"), symbols, LocalDate.parse("2024-03-04"), LocalDate.parse("2024-03-05"), "max");
    o.put("marketwire.market-data.super-stream", Boolean.toString(superStream));
    o.put("marketwire.market-data.partitions", Integer.toString(SUPER_PARTITIONS));
    try (RunningApp app = RunningApp.start(io.marketwire.app.Flows.routes("market-data/producer"), o)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> ReplayRun.finished(app));
    }
  }

  /** The replay command with {@code args} on both streams; asserts they agree and returns one. */
  private Replayed replayBoth(String plain, String partitioned, String name, String... args) throws Exception {
    Replayed onPlain = replayCommand(plain, name + "-plain", args);
    // the command reads these through Camel, where system properties win over config/
    System.setProperty("marketwire.market-data.super-stream", "true");
    System.setProperty("marketwire.market-data.partitions", Integer.toString(SUPER_PARTITIONS));
    Replayed onSuper;
    try {
      onSuper = replayCommand(partitioned, name + "-super", args);
    } finally {
      System.clearProperty("marketwire.market-data.super-stream");
      System.clearProperty("marketwire.market-data.partitions");
    }
    assertThat(onSuper.summary()).as("%s: the summary on the super stream vs the plain stream", name).isEqualTo(onPlain.summary());
    assertThat(onSuper.export()).as("%s: the export on the super stream vs the plain stream", name).isEqualTo(onPlain.export());
    return onPlain;
  }

  private Replayed replayCommand(String stream, String name, String... args) throws Exception {
    Path json = Path.of("target", "it-" + streams.id() + "-" + name + ".json");
    Path export = Path.of("target", "it-" + streams.id() + "-" + name + "-export");
    List<String> all = new java.util.ArrayList<>(List.of("--stream", stream, "--json", json.toString(), "--export", export.toString()));
    all.addAll(List.of(args));
    assertThat(run(new MarketDataCommands.Replay(), all.toArray(String[]::new))).isZero();
    com.fasterxml.jackson.databind.node.ObjectNode summary = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(json.toFile());
    summary.remove(List.of("duration_ms", "rate_per_second"));
    Map<String, List<String>> lines = new java.util.TreeMap<>();
    try (var files = Files.list(export)) {
      for (Path file : files.toList()) {
        lines.put(file.getFileName().toString().replace(".jsonl", ""), Files.readAllLines(file));
      }
    }
    return new Replayed(summary, lines);
  }

  @Test
  void theAuditRebuildRoutePrintsTheStateTheRebuilderFinds() throws Exception {
    String stream = streams.stream("it-audit");
    AuditRun.live(stream, 200, Map.of());
    AuditState direct = new AuditRebuilder(streams.admin().environment()).rebuild(stream);

    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = run(new MarketDataCommands.AuditRebuild(), "--stream", stream);
    } finally {
      System.setOut(out);
    }
    assertThat(exit).isZero();
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains(direct.report());
    assertThat(direct.eventsApplied()).isGreaterThan(200);
  }
}
