package io.marketwire.chaos;

/**
 * One line of the chaos accounting: what a flow's source produced and where each message ended.
 * {@code lost} is what was produced and is nowhere; {@code duplicates} are copies beyond the first.
 */
public record LedgerRow(
    String flow,
    Guarantee guarantee,
    long produced,
    long deliveredOnce,
    long duplicates,
    long deadLettered,
    long expired,
    long lost,
    String note) {

  /** What the flow promises, and so what counts as a failure of the run. */
  public enum Guarantee {
    EXACTLY_ONCE("exactly once"),
    AT_LEAST_ONCE("at least once"),
    /** Never twice; lost only while a fault lasts (non-persistent queue, TTL), counted as expired. */
    AT_MOST_ONCE("at most once"),
    DEAD_LETTERED("dead-lettered");

    private final String text;

    Guarantee(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Loss always fails the run; duplicates where the guarantee is exactly or at most once. */
  public boolean ok() {
    return lost == 0 && (guarantee == Guarantee.AT_LEAST_ONCE || guarantee == Guarantee.DEAD_LETTERED || duplicates == 0);
  }
}
