package io.marketwire.dataplane.listener;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the listener counted: events received from the upstream, published to the MDQ, dropped
 * (older than the TTL before they could be published, or in an unparseable frame), plus
 * connections made and back-pressure pauses.
 */
public final class ListenerCounters {

  final LongAdder received = new LongAdder();
  final LongAdder published = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder connects = new LongAdder();
  final LongAdder frames = new LongAdder();
  final LongAdder pauses = new LongAdder();

  public long received() {
    return received.sum();
  }

  public long published() {
    return published.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  /** Successful authentications: 1 after the first connection, +1 per reconnect. */
  public long connects() {
    return connects.sum();
  }

  public long frames() {
    return frames.sum();
  }

  /** Times the socket was paused because the hand-off buffer was full (back-pressure). */
  public long pauses() {
    return pauses.sum();
  }

  @Override
  public String toString() {
    return "received=" + received() + " published=" + published() + " dropped=" + dropped()
        + " connects=" + connects() + " pauses=" + pauses();
  }
}
