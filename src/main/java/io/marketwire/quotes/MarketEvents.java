package io.marketwire.quotes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Market events per symbol, in the quotes' own (event) time, in the exchange's time zone:
 *
 * <ul>
 *   <li>{@code SESSION_OPEN}: the first quote inside the session hours of a day;
 *   <li>{@code SESSION_CLOSE}: the first quote after the session (or on a later day) closes the
 *       open session, at its last price;
 *   <li>{@code GAP}: the session opens at least {@code gapPercent} away from the last price of the
 *       previous session;
 *   <li>{@code HALT}: inside a session, no quote for at least {@code haltAfter} (seen when quotes
 *       resume: halts detected by missing data);
 *   <li>{@code STALE}: (wall clock, {@link #checkStale()}) no quote received for {@code haltAfter}
 *       while the symbol's session is open: the feed or the symbol stopped.
 * </ul>
 *
 * State in memory per symbol; run one consumer of the market-events group.
 */
public final class MarketEvents {

  private final ZoneId zone;
  private final LocalTime open;
  private final LocalTime close;
  private final double gapPercent;
  private final Duration haltAfter;
  private final Clock clock;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  public MarketEvents(ZoneId zone, LocalTime open, LocalTime close, double gapPercent, Duration haltAfter, Clock clock) {
    if (!open.isBefore(close)) {
      throw new IllegalArgumentException("session open " + open + " must be before close " + close);
    }
    this.zone = zone;
    this.open = open;
    this.close = close;
    this.gapPercent = gapPercent;
    this.haltAfter = haltAfter;
    this.clock = clock;
  }

  private static final class State {
    long lastMillis = Long.MIN_VALUE;
    double lastPrice;
    String lastId;
    LocalDate sessionDay; // the open session's day, null when no session is open
    double previousClose = Double.NaN;
    long lastSeenWallMillis;
    boolean staleReported;
  }

  /** The events this quote shows (often none). */
  public List<Alert> check(Quote q) {
    State s = states.computeIfAbsent(q.symbol(), k -> new State());
    List<Alert> events = new ArrayList<>();
    synchronized (s) {
      s.lastSeenWallMillis = clock.millis();
      s.staleReported = false;
      if (q.timestampMillis() < s.lastMillis) {
        return events; // out of order: too late to say anything about sessions
      }
      ZonedDateTime t = Instant.ofEpochMilli(q.timestampMillis()).atZone(zone);
      boolean inSession = !t.toLocalTime().isBefore(open) && t.toLocalTime().isBefore(close);
      if (s.sessionDay != null && (!inSession || !t.toLocalDate().equals(s.sessionDay))) {
        events.add(
            event(Alert.Kind.SESSION_CLOSE, q.symbol(), s.lastPrice, s.lastPrice, 0, 0, s.lastMillis, s.lastId + ":close",
                String.format(Locale.ROOT, "SESSION CLOSE: %s %s closed at %.4f", q.symbol(), s.sessionDay, s.lastPrice)));
        s.previousClose = s.lastPrice;
        s.sessionDay = null;
      }
      if (inSession && s.sessionDay == null) {
        s.sessionDay = t.toLocalDate();
        events.add(
            event(Alert.Kind.SESSION_OPEN, q.symbol(), q.price(), q.price(), 0, 0, q.timestampMillis(), q.id(),
                String.format(Locale.ROOT, "SESSION OPEN: %s %s opened at %.4f", q.symbol(), s.sessionDay, q.price())));
        if (!Double.isNaN(s.previousClose)) {
          double gap = (q.price() - s.previousClose) / s.previousClose * 100;
          if (Math.abs(gap) + 1e-9 >= gapPercent) {
            events.add(
                event(Alert.Kind.GAP, q.symbol(), q.price(), s.previousClose, gap, gapPercent, q.timestampMillis(), q.id(),
                    String.format(Locale.ROOT, "GAP: %s opened %+.2f%% from the previous close %.4f", q.symbol(), gap, s.previousClose)));
          }
        }
      } else if (inSession && s.lastMillis != Long.MIN_VALUE && q.timestampMillis() - s.lastMillis >= haltAfter.toMillis()) {
        double seconds = (q.timestampMillis() - s.lastMillis) / 1000.0;
        events.add(
            event(Alert.Kind.HALT, q.symbol(), q.price(), s.lastPrice, seconds, haltAfter.toSeconds(), q.timestampMillis(), q.id(),
                String.format(Locale.ROOT, "HALT: %s had no quotes for %.0f s (from %s), resumed at %.4f",
                    q.symbol(), seconds, Instant.ofEpochMilli(s.lastMillis), q.price())));
      }
      s.lastMillis = q.timestampMillis();
      s.lastPrice = q.price();
      s.lastId = q.id();
    }
    return events;
  }

  /** {@code STALE} for each symbol with an open session and no quote received for {@code haltAfter}. */
  public List<Alert> checkStale() {
    long now = clock.millis();
    List<Alert> events = new ArrayList<>();
    states.forEach(
        (symbol, s) -> {
          synchronized (s) {
            long silent = now - s.lastSeenWallMillis;
            if (s.sessionDay != null && !s.staleReported && silent >= haltAfter.toMillis()) {
              s.staleReported = true;
              events.add(
                  event(Alert.Kind.STALE, symbol, s.lastPrice, s.lastPrice, silent / 1000.0, haltAfter.toSeconds(), now,
                      "stale:" + s.lastId,
                      String.format(Locale.ROOT, "STALE: no quote for %s received for %d s (last %s at %.4f)",
                          symbol, silent / 1000, s.lastId, s.lastPrice)));
            }
          }
        });
    return events;
  }

  private static Alert event(Alert.Kind kind, String symbol, double price, double reference, double value,
      double threshold, long millis, String sourceId, String message) {
    return new Alert(kind, symbol, price, reference, value, threshold, millis, sourceId, message);
  }
}
