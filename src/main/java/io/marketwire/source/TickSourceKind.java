package io.marketwire.source;

import java.util.Locale;

/** Which tick source a {@code ticks:} endpoint runs: the path part of its URI. */
public enum TickSourceKind {
  /** {@link TickSimulator}: random-walk quotes at a rate. */
  SIMULATOR,
  /** {@link BarReplay}: the minute-bar files at a speed. */
  REPLAY;

  /** Reads the URI path, case-insensitively. */
  public static TickSourceKind parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown tick source \"" + text + "\": use ticks:simulator or ticks:replay", e);
    }
  }
}
