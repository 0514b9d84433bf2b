package io.marketwire.orders;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's decision for one delivery of an order: processed, retry later, or dead-letter.
 * It only decides and sets headers; the route publishes (with confirms) and acknowledges, so that
 * nothing is counted and nothing is acked before the broker has confirmed where the order went.
 */
public final class OrderWorker {

  private static final Logger LOG = LoggerFactory.getLogger("orders.worker");

  private final OrderJson json = new OrderJson();
  private final FailureSimulator failures;
  private final RetryPolicy retry;
  private final OrderStats stats;

  private final String workerId;

  /** @param workerId the worker's name in logs and counts (seed 004's "W1"), empty for the thread's */
  public OrderWorker(FailureSimulator failures, RetryPolicy retry, OrderStats stats, String workerId) {
    this.failures = failures;
    this.retry = retry;
    this.workerId = workerId == null ? "" : workerId;
    this.stats = stats;
  }

  /** Decides what happens to the order in the exchange; sets {@link OrderHeaders#OUTCOME}. */
  public void handle(Exchange exchange) {
    Message in = exchange.getMessage();
    String id = in.getHeader(SpringRabbitMQConstants.MESSAGE_ID, String.class);
    if (in.getHeader(OrderHeaders.REJECT) != null) {
      // given up on already, reason headers on it: the route nacks it and the broker dead-letters it
      exchange.setProperty(OrderHeaders.ORDER_ID, id);
      exchange.setProperty(OrderHeaders.OUTCOME, "reject");
      return;
    }
    int attempt = attempt(in.getHeader(OrderHeaders.ATTEMPT));
    Order order;
    try {
      order = json.parse(in.getBody(String.class));
    } catch (MalformedOrderException e) {
      exchange.setProperty(OrderHeaders.ORDER_ID, id == null ? "(no id)" : id);
      exchange.setProperty(OrderHeaders.MALFORMED, true);
      in.setHeader(OrderHeaders.FAILURE_REASON, "malformed order: " + e.getMessage());
      giveUp(exchange);
      LOG.warn("order {} is malformed, straight to the dead-letter queue: {}", id, e.getMessage());
      return;
    }
    id = order.id();
    exchange.setProperty(OrderHeaders.ORDER_ID, id);
    in.setHeader(OrderHeaders.REGION, order.region());
    in.setHeader(OrderHeaders.PRIORITY, order.priority());
    String failure = failures.failure(id, attempt);
    if (failure == null) {
      exchange.setProperty(OrderHeaders.OUTCOME, "processed");
      if (order.vip()) {
        // the VIP priority queue orders by the AMQP priority property
        in.setHeader(SpringRabbitMQConstants.PRIORITY, 9);
      }
      LOG.info("{}: order {} processed (attempt {}): {} x {} for {} [{}{}]", worker(), id, attempt, order.quantity(),
          order.product(), order.customer(), order.region(), order.vip() ? ", VIP" : "");
      return;
    }
    in.setHeader(OrderHeaders.FAILURE_REASON, failure + " at attempt " + attempt);
    keepDeathHistory(in);
    if (retry.canRetry(attempt)) {
      long delay = retry.delayAfter(attempt);
      exchange.setProperty(OrderHeaders.OUTCOME, "retry");
      in.setHeader(OrderHeaders.ATTEMPT, attempt + 1);
      in.setHeader(OrderHeaders.RETRY_DELAY, delay);
      // orders.retry routes key retry.<n> to delay queue orders.retry.<n> (its TTL is the delay)
      in.setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, "retry." + attempt);
      LOG.warn("order {} failed attempt {} of {} ({}); retry in {} ms", id, attempt, retry.maxAttempts(), failure, delay);
    } else {
      in.setHeader(OrderHeaders.FAILURE_REASON,
          "gave up after " + attempt + " attempts; last failure: " + failure);
      giveUp(exchange);
      LOG.error("order {} failed its last attempt ({} of {}): {}; dead-lettering", id, attempt, retry.maxAttempts(), failure);
    }
  }

  /**
   * The order goes back into orders.work marked {@link OrderHeaders#REJECT}, its reason headers on
   * it; its next delivery is nacked without requeue and the broker dead-letters it through
   * orders.dlx with its x-death entry, as seed 004 does, reason included (a nack cannot add
   * headers, so they must be on the message before).
   */
  private static void giveUp(Exchange exchange) {
    exchange.setProperty(OrderHeaders.OUTCOME, "dead");
    exchange.getMessage().setHeader(OrderHeaders.REJECT, true);
    exchange.getMessage().setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, "order");
  }

  /** The configured worker id with the consumer thread, or the thread alone. */
  private String worker() {
    String thread = Thread.currentThread().getName();
    return workerId.isEmpty() ? thread : workerId + "/" + thread;
  }

  /** Called once the route's publishes for this delivery are confirmed, just before the ack. */
  public void settled(Exchange exchange) {
    Message in = exchange.getMessage();
    String id = exchange.getProperty(OrderHeaders.ORDER_ID, String.class);
    switch (String.valueOf(exchange.getProperty(OrderHeaders.OUTCOME))) {
      case "processed" -> stats.processed(id, worker());
      case "retry" -> stats.retried();
      case "dead" -> stats.deadLettered(id, Boolean.TRUE.equals(exchange.getProperty(OrderHeaders.MALFORMED, Boolean.class)));
      default -> throw new IllegalStateException("no outcome for order " + id);
    }
  }

  /**
   * RabbitMQ 4 writes {@code x-death} itself and replaces what a publisher sends, so the entries
   * of earlier delay queues would be lost each time the worker republishes an order. Before each
   * republish the worker appends them to {@code x-death-history}: the dead letter then carries
   * the whole story, earlier hops there and the last one in {@code x-death}.
   */
  static void keepDeathHistory(Message in) {
    Object deaths = in.getHeader("x-death");
    if (!(deaths instanceof java.util.List<?> list) || list.isEmpty()) {
      return;
    }
    java.util.List<Object> history = new java.util.ArrayList<>();
    if (in.getHeader(OrderHeaders.DEATH_HISTORY) instanceof java.util.List<?> earlier) {
      history.addAll(earlier);
    }
    history.addAll(list);
    in.setHeader(OrderHeaders.DEATH_HISTORY, history);
  }

  static int attempt(Object header) {
    if (header == null) {
      return 1;
    }
    if (header instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(header.toString().trim());
    } catch (NumberFormatException e) {
      return 1; // a header we did not write: treat as a first delivery rather than drop the order
    }
  }
}
