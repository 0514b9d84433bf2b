package io.marketwire.dataplane.listener;

/**
 * A batch publish that stopped part way: the first {@link #published()} events of the batch were
 * handed to the broker (their fate is its confirms'), the rest were not sent at all. The {@code
 * massive:} consumer sends only the rest again, so a retry never duplicates an event.
 */
public class MdqPublishException extends RuntimeException {

  private final int published;
  private final boolean channelOpen;

  /**
   * @param published events of the batch, from its start, written before the failure
   * @param channelOpen the channel still works and only confirms are slow: retry at once
   */
  public MdqPublishException(int published, boolean channelOpen, String message, Throwable cause) {
    super(message, cause);
    this.published = published;
    this.channelOpen = channelOpen;
  }

  /** Whether the channel still works (the broker was slow to confirm): no reason to back off. */
  public boolean channelOpen() {
    return channelOpen;
  }

  /** Events of the batch, from its start, that were written to the channel before it failed. */
  public int published() {
    return published;
  }

  /** The {@code MdqPublishException} among a failure's causes, if any. */
  static java.util.Optional<MdqPublishException> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MdqPublishException partial) {
        return java.util.Optional.of(partial);
      }
    }
    return java.util.Optional.empty();
  }
}
