package io.marketwire.source;

import io.marketwire.model.MarketData;
import io.marketwire.model.MinuteBar;

/**
 * What a tick source emits: a tick or a finished minute bar. Sealed, so these two are all a
 * consumer has to handle.
 */
public sealed interface SourceEvent permits SourceEvent.Tick, SourceEvent.Bar {

  /** The symbol the event is about. */
  String symbol();

  /**
   * When the event happens, epoch nanoseconds UTC: a tick's timestamp, a bar's end (a bar is known
   * only once its minute is over). Sources emit events in non-decreasing order of it.
   */
  long eventTimeNanos();

  /** A quote and trade. */
  record Tick(MarketData data) implements SourceEvent {
    @Override
    public String symbol() {
      return data.symbol();
    }

    @Override
    public long eventTimeNanos() {
      return data.timestampNanos();
    }
  }

  /** A minute bar, emitted after the ticks of its minute. */
  record Bar(MinuteBar bar) implements SourceEvent {
    @Override
    public String symbol() {
      return bar.symbol();
    }

    @Override
    public long eventTimeNanos() {
      return bar.endEpochMillis() * 1_000_000L;
    }
  }
}
