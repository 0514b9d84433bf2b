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
 * find on the same stream.
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
