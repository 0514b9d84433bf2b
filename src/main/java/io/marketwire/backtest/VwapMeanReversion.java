package io.marketwire.backtest;

import io.marketwire.model.MarketData;
import java.util.HashMap;
import java.util.Map;

/**
 * VWAP mean reversion, long only: buys {@code quantity} shares when a price is more than {@code
 * band-bps} basis points below the symbol's VWAP so far that UTC day, and sells when the price is
 * back at or above that VWAP. A day's first {@code warmup} ticks only build the VWAP, and a new day
 * starts flat (yesterday's VWAP says nothing about today's).
 */
public final class VwapMeanReversion implements Strategy {

  private final double band;
  private final int warmup;
  private final long quantity;
  private final Map<String, Session> sessions = new HashMap<>();
  private final TargetPositions targets = new TargetPositions();

  /** One symbol's day so far. */
  private static final class Session {
    long day = Long.MIN_VALUE;
    double notional;
    long volume;
    int ticks;
  }

  public VwapMeanReversion(StrategyParams params) {
    this.band = params.getDouble("band-bps") / 10_000.0;
    this.warmup = params.getInt("warmup");
    this.quantity = params.getInt("quantity");
  }

  @Override
  public void onTick(MarketData tick, OrderSink orders) {
    Session s = sessions.computeIfAbsent(tick.symbol(), k -> new Session());
    long day = Math.floorDiv(tick.timestampNanos(), 86_400_000_000_000L);
    if (day != s.day) {
      s.day = day;
      s.notional = 0;
      s.volume = 0;
      s.ticks = 0;
      targets.moveTo(tick.symbol(), 0, tick.timestampNanos(), "new-day", orders);
    }
    s.notional += tick.lastPrice() * tick.lastSize();
    s.volume += tick.lastSize();
    s.ticks++;
    if (s.ticks <= warmup || s.volume == 0) {
      return;
    }
    double vwap = s.notional / s.volume;
    double price = tick.lastPrice();
    if (price < vwap * (1 - band)) {
      targets.moveTo(tick.symbol(), quantity, tick.timestampNanos(), "below-vwap", orders);
    } else if (price >= vwap) {
      targets.moveTo(tick.symbol(), 0, tick.timestampNanos(), "back-at-vwap", orders);
    }
  }
}
