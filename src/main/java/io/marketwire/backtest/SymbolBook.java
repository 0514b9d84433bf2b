package io.marketwire.backtest;

/**
 * One symbol's account in a backtest: position, cash flows, fees, round trips and the time spent
 * holding a position. P&L is cash plus the position marked at the last price, so it always
 * includes the open position and every fee paid.
 */
final class SymbolBook {

  private long position;
  private double cash;
  private double fees;
  private double lastPrice;
  private long fills;
  private long roundTrips;
  private long wins;
  private double tripStartPnl;
  private long firstNanos = Long.MIN_VALUE;
  private long lastNanos;
  private long exposedNanos;
  private long ticks;
  private long errors;

  /** Moves the clock to a tick's time: the time since the last tick counts as exposed if a position was held. */
  void advance(long nanos) {
    if (firstNanos == Long.MIN_VALUE) {
      firstNanos = nanos;
    } else if (position != 0) {
      exposedNanos += nanos - lastNanos;
    }
    lastNanos = nanos;
    ticks++;
  }

  /** The price the position is valued at; marked before a tick's fills, so a fill is valued at its own tick. */
  void mark(double price) {
    lastPrice = price;
  }

  void fill(long quantity, double price, double fee) {
    if (position == 0) {
      tripStartPnl = pnl(); // the entry's fee belongs to the trip
    }
    cash -= quantity * price + fee;
    fees += fee;
    fills++;
    long before = position;
    position += quantity;
    if (before != 0 && (position == 0 || Long.signum(position) != Long.signum(before))) {
      double trip = pnl() - tripStartPnl;
      roundTrips++;
      if (trip > 0) {
        wins++;
      }
      tripStartPnl = pnl();
    }
  }

  void error() {
    errors++;
  }

  double pnl() {
    return cash + position * lastPrice;
  }

  long position() {
    return position;
  }

  double fees() {
    return fees;
  }

  long fills() {
    return fills;
  }

  long roundTrips() {
    return roundTrips;
  }

  long wins() {
    return wins;
  }

  long exposedNanos() {
    return exposedNanos;
  }

  long spanNanos() {
    return firstNanos == Long.MIN_VALUE ? 0 : lastNanos - firstNanos;
  }

  long ticks() {
    return ticks;
  }

  long errors() {
    return errors;
  }
}
