package io.marketwire.dataplane.listener;

/**
 * A batch publish that stopped part way: the first {@link #published()} events of the batch were
 * handed to the broker (their fate is its confirms'), the rest were not sent at all. The {@code
 * massive:} consumer sends only the rest again, so a retry never duplicates an event.
 */
public class MdqPublishException extends RuntimeException {

  private final int published;

  public MdqPublishException(int published, String message, Throwable cause) {
    super(message, cause);
    this.published = published;
  }

  /** Events of the batch, from its start, that were written to the channel before it failed. */
  public int published() {
    return published;
  }

  /** The events a failure left sent: those of the {@code MdqPublishException} in its causes, else none. */
  static int publishedBefore(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MdqPublishException partial) {
        return partial.published();
      }
    }
    return 0;
  }
}
