package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.stream.OffsetSpecification;
import io.marketwire.analytics.ReplaySummary;
import io.marketwire.app.Flows;
import io.marketwire.audit.AuditRebuilder;
import io.marketwire.audit.AuditState;
import io.marketwire.testsupport.AuditRun;
import io.marketwire.testsupport.MinuteBarsTruth;
import io.marketwire.testsupport.RunningApp;
import io.marketwire.testsupport.TestStreams;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bounded replay with filters, the audit rebuild, and the multi-exchange merge with NBBO. */
class ReplayAuditExchangesIT {

  @RegisterExtension final TestStreams streams = new TestStreams();

  @Test
  void replayOfATimeRangeAndSymbolsIsBoundedAndMatchesTheCsv() throws Exception {
    String stream = streams.stream("it-rp");
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.replay.symbols", "AZO,LII,GWW");
    o.put("marketwire.replay.from", "2024-03-04");
    o.put("marketwire.replay.to", "2024-03-05");
    o.put("marketwire.replay.speed", "max");
    try (RunningApp app = RunningApp.start("file:routes/market-data/producer/producer.camel.yaml", o)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> app.context().getRoute("market-data-producer").getConsumer() instanceof io.marketwire.source.TicksConsumer t && t.isFinished());
    }
    // one day of two of the three symbols; the stream also holds GWW and the other day
    ReplaySummary summary =
        new StreamReplay(streams.admin().environment())
            .replay(stream, Instant.parse("2024-03-05T00:00:00Z"), Instant.parse("2024-03-06T00:00:00Z"), Set.of("AZO", "LII"));
    var truth = MinuteBarsTruth.days(List.of("AZO", "LII"), LocalDate.parse("2024-03-05"), LocalDate.parse("2024-03-05"));
    assertThat(summary.symbols().keySet()).containsExactlyInAnyOrder("AZO", "LII");
    truth.values().forEach(
        day -> {
          var got = summary.symbols().get(day.symbol());
          assertThat(got.volume()).isEqualTo(day.volume());
          assertThat(got.vwap()).isCloseTo(day.vwap(), within(day.vwap() * 1e-9));
          assertThat(Instant.ofEpochSecond(0, got.firstTimestampNanos())).isAfterOrEqualTo(Instant.parse("2024-03-05T00:00:00Z"));
        });
    assertThat(summary.toTable()).contains("AZO").contains("msg/s");
    assertThat(summary.toMap()).containsKeys("messages", "duration_ms", "rate_per_second", "symbols");
    assertThat(summary.isTimedOut()).isFalse();

    // seed 000's get_data_for_symbol: the same replay's ticks, one file per symbol
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("replay-export");
    try (TickExport export = new TickExport(dir, TickExport.Format.JSONL)) {
      new StreamReplay(streams.admin().environment())
          .replay(stream, Instant.parse("2024-03-05T00:00:00Z"), Instant.parse("2024-03-06T00:00:00Z"), Set.of("AZO", "LII"), null, export);
    }
    io.marketwire.model.MarketDataJsonCodec json = new io.marketwire.model.MarketDataJsonCodec();
    for (String symbol : List.of("AZO", "LII")) {
      List<String> lines = java.nio.file.Files.readAllLines(dir.resolve(symbol + ".jsonl"));
      assertThat(lines).hasSize((int) summary.symbols().get(symbol).count());
      assertThat(lines.stream().mapToLong(l -> json.decode(l).lastSize()).sum()).isEqualTo(summary.symbols().get(symbol).volume());
    }
    assertThat(dir.resolve("GWW.jsonl")).doesNotExist();

    // seed 000's timeout_seconds: a replay that runs out of time says so and stops early
    ReplaySummary cut =
        new StreamReplay(streams.admin().environment()).replay(stream, null, null, Set.of(), Duration.ofMillis(1), tick -> {});
    assertThat(cut.isTimedOut()).isTrue();
    assertThat(cut.toMap()).containsEntry("timed_out", true);
  }

  @Test
  void theAuditRebuildFindsTheLiveState() throws Exception {
    String stream = streams.stream("it-audit");
    AuditState live = AuditRun.live(stream, 300, Map.of());
    AuditState rebuilt = new AuditRebuilder(streams.admin().environment()).rebuild(stream);
    assertThat(live.inconsistencies()).as("live inconsistencies").isZero();
    assertThat(rebuilt.eventsApplied()).isEqualTo(live.eventsApplied());
    assertThat(rebuilt.positions()).isEqualTo(live.positions()).isNotEmpty();
    assertThat(rebuilt.openOrders()).isEqualTo(live.openOrders());
    assertThat(rebuilt.inconsistencies()).isZero();
  }

  /** marketwire.audit.format=seed: the log holds seed 001's TradingEvent, and the rebuild still finds the live state. */
  @Test
  void theAuditLogWrittenInTheSeedsShapeRebuildsTheSame() throws Exception {
    String stream = streams.stream("it-audit-seed");
    AuditState live = AuditRun.live(stream, 200, Map.of("marketwire.audit.format", "seed"));
    var types = new java.util.HashSet<String>();
    for (byte[] body : streams.admin().bodies(stream)) {
      var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
      assertThat(tree.size()).isEqualTo(3);
      assertThat(tree.has("event_type") && tree.has("timestamp") && tree.has("data")).isTrue();
      types.add(tree.path("event_type").asText());
    }
    assertThat(types).contains("market_data", "order_created", "order_filled", "trade_executed", "position_updated");
    AuditState rebuilt = new AuditRebuilder(streams.admin().environment()).rebuild(stream);
    assertThat(rebuilt.eventsApplied()).isEqualTo(live.eventsApplied());
    assertThat(rebuilt.positions()).isEqualTo(live.positions()).isNotEmpty();
    assertThat(rebuilt.openOrders()).isEqualTo(live.openOrders());
  }

  @Test
  void exchangesMergeIntoTheUnifiedStreamTaggedAndNbboIsPublished() throws Exception {
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.exchanges.streams.nyse", streams.stream("it-nyse"));
    o.put("marketwire.exchanges.streams.nasdaq", streams.stream("it-nasdaq"));
    o.put("marketwire.exchanges.streams.cboe", streams.stream("it-cboe"));
    o.put("marketwire.exchanges.unified-stream", streams.stream("it-unified"));
    o.put("marketwire.exchanges.nbbo-stream", streams.stream("it-nbbo"));
    o.put("marketwire.market-data.errors-stream", streams.stream("it-err"));
    o.put("marketwire.exchanges.rate", "50");
    Map<String, Integer> byExchange = new ConcurrentHashMap<>();
    Map<String, Integer> nbbo = new ConcurrentHashMap<>();
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/exchanges"), o);
        var unified =
            consumer(streams.stream("it-unified"), (ctx, m) -> {
              var props = m.getApplicationProperties();
              if (props.get("received_at") != null) {
                byExchange.merge(String.valueOf(props.get("exchange")), 1, Integer::sum);
              }
            });
        var best = consumer(streams.stream("it-nbbo"), (ctx, m) -> nbbo.merge("nbbo", 1, Integer::sum))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(byExchange.keySet()).containsExactlyInAnyOrder("NYSE", "NASDAQ", "CBOE");
                assertThat(nbbo.getOrDefault("nbbo", 0)).isGreaterThan(5);
              });
    }
  }

  private com.rabbitmq.stream.Consumer consumer(String stream, com.rabbitmq.stream.MessageHandler handler) {
    await().atMost(Duration.ofSeconds(30)).until(() -> streams.admin().environment().streamExists(stream));
    return streams.admin().environment().consumerBuilder().stream(stream).offset(OffsetSpecification.first()).messageHandler(handler).build();
  }
}
