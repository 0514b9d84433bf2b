package io.marketwire.dataplane.upstream;

import io.marketwire.model.MarketData;
import io.marketwire.model.MinuteBar;
/**
 * Writes events in the Massive (Polygon.io) stocks WebSocket format. Hand-written JSON, because the
 * server formats millions of them at full speed. Field names as Massive documents them: trades
 * {@code T} (sym x i z p s c t q), quotes {@code Q} (sym bx bp bs ax ap as c t q z), second and
 * minute aggregates {@code A}/{@code AM} (sym v av op vw o c h l a z s e). Times are epoch
 * milliseconds; quote sizes are in round lots of 100 shares.
 */
final class MassiveEvents {

  /** Exchange id the replay's venue gets (4 is a FINRA TRF id in Massive's list). */
  static final int EXCHANGE_ID = 4;
  /** Tape C (Nasdaq-listed) is 3, A (NYSE) 1; the replay says 1. */
  static final int TAPE = 1;

  private MassiveEvents() {}

  static void quote(StringBuilder out, MarketData tick) {
    out.append("{\"ev\":\"Q\",\"sym\":\"").append(tick.symbol()).append('"')
        .append(",\"bx\":").append(EXCHANGE_ID)
        .append(",\"bp\":").append(price(tick.bidPrice()))
        .append(",\"bs\":").append(Math.max(1, tick.bidSize() / 100))
        .append(",\"ax\":").append(EXCHANGE_ID)
        .append(",\"ap\":").append(price(tick.askPrice()))
        .append(",\"as\":").append(Math.max(1, tick.askSize() / 100))
        .append(",\"c\":0")
        .append(",\"t\":").append(millis(tick))
        .append(",\"q\":").append(tick.sequenceNumber())
        .append(",\"z\":").append(TAPE)
        .append('}');
  }

  static void trade(StringBuilder out, MarketData tick) {
    out.append("{\"ev\":\"T\",\"sym\":\"").append(tick.symbol()).append('"')
        .append(",\"x\":").append(EXCHANGE_ID)
        .append(",\"i\":\"").append(tick.sequenceNumber()).append('"')
        .append(",\"z\":").append(TAPE)
        .append(",\"p\":").append(price(tick.lastPrice()))
        .append(",\"s\":").append(tick.lastSize())
        .append(",\"c\":[]")
        .append(",\"t\":").append(millis(tick))
        .append(",\"q\":").append(tick.sequenceNumber())
        .append('}');
  }

  /** A one-second aggregate of one trade: what A carries when a second has a single trade. */
  static void secondAggregate(StringBuilder out, MarketData tick, DayState day) {
    long start = millis(tick) / 1000 * 1000;
    aggregate(out, "A", tick.symbol(), tick.lastSize(), day, tick.lastPrice(), tick.lastPrice(),
        tick.lastPrice(), tick.lastPrice(), tick.lastPrice(), tick.lastSize(), start, start + 1000);
  }

  static void minuteAggregate(StringBuilder out, MinuteBar bar, DayState day, int trades) {
    long average = trades > 0 ? bar.volume() / trades : bar.volume();
    aggregate(out, "AM", bar.symbol(), bar.volume(), day, bar.vwap(), bar.open(), bar.close(),
        bar.high(), bar.low(), average, bar.startEpochMillis(), bar.endEpochMillis());
  }

  private static void aggregate(StringBuilder out, String ev, String symbol, long volume,
      DayState day, double vwap, double open, double close, double high, double low,
      long averageSize, long start, long end) {
    out.append("{\"ev\":\"").append(ev).append("\",\"sym\":\"").append(symbol).append('"')
        .append(",\"v\":").append(volume)
        .append(",\"av\":").append(day.volume)
        .append(",\"op\":").append(price(day.open))
        .append(",\"vw\":").append(price(vwap))
        .append(",\"o\":").append(price(open))
        .append(",\"c\":").append(price(close))
        .append(",\"h\":").append(price(high))
        .append(",\"l\":").append(price(low))
        .append(",\"a\":").append(price(day.vwap()))
        .append(",\"z\":").append(averageSize)
        .append(",\"s\":").append(start)
        .append(",\"e\":").append(end)
        .append('}');
  }

  static void status(StringBuilder out, String status, String message) {
    out.append("{\"ev\":\"status\",\"status\":\"").append(status)
        .append("\",\"message\":\"").append(message.replace("\"", "'")).append("\"}");
  }

  private static long millis(MarketData tick) {
    return tick.timestampNanos() / 1_000_000L;
  }

  /** Rounded to 1/10000 of a dollar, the precision Massive quotes in. */
  private static double price(double value) {
    return Math.round(value * 10_000d) / 10_000d;
  }

  /** A symbol's session so far: official open, volume and traded value, reset each UTC day. */
  static final class DayState {
    long day = Long.MIN_VALUE;
    double open;
    long volume;
    double notional;

    void roll(long epochMillis, double openIfNew) {
      long today = Math.floorDiv(epochMillis, 86_400_000L);
      if (today != day) {
        day = today;
        open = openIfNew;
        volume = 0;
        notional = 0;
      }
    }

    void add(double price, long size) {
      volume += size;
      notional += price * size;
    }

    double vwap() {
      return volume == 0 ? open : notional / volume;
    }
  }
}
