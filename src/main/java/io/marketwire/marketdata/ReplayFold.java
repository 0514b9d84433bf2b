package io.marketwire.marketdata;

import io.marketwire.analytics.ReplaySummary;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a replay does with each message it reads: decodes the tick, keeps it when it is in the
 * time range and of a chosen symbol (counted in the summary and handed to {@code ticks}), and
 * counts it as skipped otherwise (undecodable, out of range, another symbol). The same for the
 * replay route and {@link StreamReplay}.
 */
public final class ReplayFold {

  // chunk timestamps are broker time: a replay starts reading this early and filters by tick time
  private static final long START_EARLY_SECONDS = 60;

  private final MarketDataCodec codec = new MarketDataCodec(null);
  private final long fromNanos;
  private final long toNanos;
  private final Set<String> symbols;
  private final Consumer<MarketData> ticks;
  private final ReplaySummary summary;

  /**
   * @param from first tick time to include, or null for the start of the stream
   * @param to first tick time to exclude, or null for no end
   * @param symbols symbols to include, empty for all
   */
  public ReplayFold(Instant from, Instant to, Set<String> symbols, Consumer<MarketData> ticks, ReplaySummary summary) {
    this.fromNanos = from == null ? Long.MIN_VALUE : from.getEpochSecond() * 1_000_000_000L + from.getNano();
    this.toNanos = to == null ? Long.MAX_VALUE : to.getEpochSecond() * 1_000_000_000L + to.getNano();
    this.symbols = symbols;
    this.ticks = ticks;
    this.summary = summary;
  }

  /** Where the read of a replay from {@code from} starts: epoch millis for offset timestamp:T. */
  public static long startMillis(Instant from) {
    return from.minusSeconds(START_EARLY_SECONDS).toEpochMilli();
  }

  public void accept(byte[] body) {
    MarketData tick;
    try {
      tick = codec.decode(body);
    } catch (IllegalArgumentException e) {
      summary.skip();
      return;
    }
    boolean inRange = tick.timestampNanos() >= fromNanos && tick.timestampNanos() < toNanos;
    boolean wanted = symbols.isEmpty() || symbols.contains(tick.symbol());
    if (inRange && wanted) {
      summary.add(tick);
      ticks.accept(tick);
    } else {
      summary.skip();
    }
  }
}
