package io.marketwire.orders;

/** AMQP headers the order flows put on messages. */
public final class OrderHeaders {

  /** The attempt the next delivery of this order is (1 = first delivery). */
  public static final String ATTEMPT = "x-attempt";

  /** Why the order failed (set on retries and on dead letters). */
  public static final String FAILURE_REASON = "x-failure-reason";

  /** How long the order waited before this retry, in milliseconds (for people reading the queue). */
  public static final String RETRY_DELAY = "x-retry-delay-ms";

  /**
   * Set on an order the worker gave up on and put back into orders.work with its reason: the next
   * delivery is nacked without requeue, so the broker dead-letters it (the seed's way) and the
   * reason headers travel with it.
   */
  public static final String REJECT = "x-reject";

  /** The x-death entries of earlier delay-queue hops (see OrderWorker#keepDeathHistory). */
  public static final String DEATH_HISTORY = "x-death-history";

  /** The order's region and priority, matched by the headers exchange. */
  public static final String REGION = "region";

  public static final String PRIORITY = "priority";

  /** Exchange property (never an AMQP header): what the worker decided: processed, retry, dead, reject. */
  public static final String OUTCOME = "MarketwireOrderOutcome";

  /** Exchange property: the order id. */
  public static final String ORDER_ID = "MarketwireOrderId";

  /** Exchange property: true when the order was malformed. */
  public static final String MALFORMED = "MarketwireOrderMalformed";

  private OrderHeaders() {}
}
