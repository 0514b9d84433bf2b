package io.marketwire.testsupport;

import io.marketwire.source.TicksConsumer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An app that replays real bars into streams of a test's own: its property overrides, and what its
 * replay (the market-data-producer route's ticks source) has done.
 */
public final class ReplayRun {

  private ReplayRun() {}

  /**
   * Overrides for a replay of {@code symbols} from {@code from} to {@code to} at {@code speed} into
   * {@code stream}, undecodable ticks into {@code errors}, with no HTTP server (add it back where a
   * test needs health). Mutable, so a test adds its own keys.
   */
  public static Map<String, String> overrides(
      String stream, String errors, List<String> symbols, LocalDate from, LocalDate to, String speed) {
    Map<String, String> o = new HashMap<>();
    o.put("camel.server.enabled", "false");
    o.put("camel.management.enabled", "false");
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", errors);
    o.put("marketwire.producer.source", "replay");
    o.put("marketwire.replay.symbols", String.join(",", symbols));
    o.put("marketwire.replay.from", from.toString());
    o.put("marketwire.replay.to", to.toString());
    o.put("marketwire.replay.speed", speed);
    return o;
  }

  /** The replay's ticks source, or null before its route exists. */
  private static TicksConsumer source(RunningApp app) {
    var route = app.context().getRoute("market-data-producer");
    return route != null && route.getConsumer() instanceof TicksConsumer ticks ? ticks : null;
  }

  /** Whether the replay has ended, every tick confirmed. */
  public static boolean finished(RunningApp app) {
    TicksConsumer source = source(app);
    return source != null && source.isFinished();
  }

  /** The replay's last position so far: the number of ticks in the range once finished. */
  public static long position(RunningApp app) {
    TicksConsumer source = source(app);
    return source == null ? 0 : source.position();
  }
}
