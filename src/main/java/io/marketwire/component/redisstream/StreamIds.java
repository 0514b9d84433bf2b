package io.marketwire.component.redisstream;

/** Small helpers on Redis stream entry ids ({@code <millis>-<sequence>}). */
final class StreamIds {
  private StreamIds() {}

  /** The millisecond part of an id, or -1 when the id is not in the usual form. */
  static long millis(String id) {
    if (id == null) {
      return -1;
    }
    int dash = id.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
