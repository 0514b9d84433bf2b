package io.marketwire.orders;

import java.util.function.Function;
import org.apache.camel.util.TimeUtils;

/**
 * Every {@code marketwire.orders.*} setting the Java side needs, read once from Camel's
 * properties (so the layering of config/ and environment overrides applies). Names carry the
 * namespace prefix ({@code marketwire.orders.namespace}), which is empty in production and unique
 * per integration test, so tests never share a queue with a running app or with each other.
 *
 * @param queueType the type of the order queues that no feature of theirs ties to one ({@code
 *     classic} or {@code quorum}: see {@link OrdersTopology})
 * @param vipQueueType the type of {@code orders.vip}: classic with {@code vipMaxPriority} levels,
 *     or quorum with the two levels quorum queues know (see {@link OrdersTopology})
 */
public record OrdersSettings(
    String namespace,
    double failureRate,
    long failureSeed,
    RetryPolicy retry,
    long workQueueMaxLength,
    int deliveryLimit,
    long analyticsTtlMs,
    long analyticsMaxLength,
    int vipMaxPriority,
    String queueType,
    String vipQueueType) {

  public static final String CLASSIC = "classic";
  public static final String QUORUM = "quorum";

  public OrdersSettings {
    requireQueueType("marketwire.orders.queue-type", queueType);
    requireQueueType("marketwire.orders.vip.queue-type", vipQueueType);
  }

  private static void requireQueueType(String key, String type) {
    if (!CLASSIC.equals(type) && !QUORUM.equals(type)) {
      throw new IllegalArgumentException(key + " must be classic or quorum, not '" + type + "'");
    }
  }

  /** For code outside Camel (the chaos command): the settings through a lookup of the layered config; the app injects them in {@link OrdersConfiguration}. */
  public static OrdersSettings from(Function<String, String> property) {
    return new OrdersSettings(
        property.apply("marketwire.orders.namespace"),
        Double.parseDouble(property.apply("marketwire.orders.failure-rate")),
        Long.parseLong(property.apply("marketwire.orders.failure-seed")),
        new RetryPolicy(
            Integer.parseInt(property.apply("marketwire.orders.retry.max-attempts")),
            TimeUtils.toMilliSeconds(property.apply("marketwire.orders.retry.initial-delay")),
            Double.parseDouble(property.apply("marketwire.orders.retry.multiplier")),
            TimeUtils.toMilliSeconds(property.apply("marketwire.orders.retry.max-delay"))),
        Long.parseLong(property.apply("marketwire.orders.work-queue.max-length")),
        Integer.parseInt(property.apply("marketwire.orders.work-queue.delivery-limit")),
        TimeUtils.toMilliSeconds(property.apply("marketwire.orders.analytics.ttl")),
        Long.parseLong(property.apply("marketwire.orders.analytics.max-length")),
        Integer.parseInt(property.apply("marketwire.orders.vip.max-priority")),
        property.apply("marketwire.orders.queue-type").trim(),
        property.apply("marketwire.orders.vip.queue-type").trim());
  }

  public String name(String base) {
    return namespace + base;
  }

  public String directExchange() {
    return name("orders.direct");
  }

  public String workQueue() {
    return name("orders.work");
  }

  public String eventsExchange() {
    return name("events.fanout");
  }

  public String notificationsQueue() {
    return name("notifications");
  }

  public String analyticsQueue() {
    return name("analytics");
  }

  public String logsExchange() {
    return name("logs.topic");
  }

  public String logsAllQueue() {
    return name("logs.all");
  }

  public String logsFailedQueue() {
    return name("logs.failed");
  }

  /** The order events (order.#) the audit log is written from. */
  public String logsAuditQueue() {
    return name("logs.audit");
  }

  public String deadLetterExchange() {
    return name("orders.dlx");
  }

  public String failedQueue() {
    return name("orders.failed");
  }

  public String retryExchange() {
    return name("orders.retry");
  }

  /** The delay queue an order waits in after its {@code attempt}-th failed attempt. */
  public String retryQueue(int attempt) {
    return name("orders.retry." + attempt);
  }

  public String headersExchange() {
    return name("orders.headers");
  }

  public String alternateExchange() {
    return name("orders.unroutable.ae");
  }

  public String unroutableQueue() {
    return name("orders.unroutable");
  }

  public String dispatchQueue(String region) {
    return name("dispatch." + region.toLowerCase(java.util.Locale.ROOT));
  }

  public String vipQueue() {
    return name("orders.vip");
  }

  public String rpcExchange() {
    return name("orders.rpc");
  }

  public String rpcQueue() {
    return name("inventory.rpc");
  }
}
