package io.marketwire.orders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.HeadersExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Every exchange, queue and binding of the order flows, declared in one place. Every command
 * declares the whole topology when it starts (declarations are idempotent), so {@code produce}
 * run alone never publishes into a queue that does not exist yet, and it is declared again
 * whenever the connection is re-established after a broker restart. Routes therefore use
 * {@code autoDeclare=false}: two endpoints declaring one queue with different arguments would be a
 * channel error, and the arguments are easier to review side by side here.
 *
 * <p>The choices, and why (docs/orders.md has the diagram):
 * <ul>
 *   <li>Queues that hold orders ({@code orders.work}, the delay queues, {@code orders.failed},
 *       dispatch, {@code orders.unroutable}) are quorum queues: replicated, fsynced before the
 *       publisher confirm, the default for data that must not be lost.
 *   <li>The work queue and the delay queues dead-letter at-least-once (a quorum queue feature),
 *       which requires {@code x-overflow=reject-publish}. That is also the overflow we want for
 *       orders: when {@code orders.work} is full the broker nacks the publish, the producer's
 *       confirm fails and it retries with backoff, so a full queue slows producers down instead
 *       of dropping or silently dead-lettering the oldest orders ({@code drop-head}).
 *   <li>{@code analytics} is the opposite case: stale analytics are worthless, so it has a
 *       per-queue TTL and a length limit with {@code drop-head} (the oldest events go first).
 *   <li>Notifications get a per-message TTL (set by the worker): a "your order shipped" message
 *       that sat for an hour should not be sent.
 *   <li>{@code orders.vip} is a priority queue of {@code marketwire.orders.vip.queue-type}: classic
 *       with {@code x-max-priority} levels on the single node; quorum on the cluster, where a
 *       classic queue dies with its node and quorum queues know two levels (priority 5 and above
 *       first), which is all the VIP dispatch uses (its orders carry priority 9).
 *   <li>The queues that need neither (the logs {@code logs.all} and {@code logs.failed}, {@code
 *       notifications}, {@code analytics}, {@code inventory.rpc}) are of the type {@code
 *       marketwire.orders.queue-type} says: classic on the single node, where they were declared
 *       classic and a queue's type cannot change on a redeclare (the broker refuses it); quorum on
 *       the cluster, where a classic queue lives on the node whose connection declared it and dies
 *       with that node (NodeLossClusterIT found {@code logs.all} gone with its node). Classic is
 *       declared without {@code x-queue-type}, as these queues always were.
 *   <li>{@code orders.work} has {@code x-delivery-limit}: an order that keeps crashing workers
 *       (redelivered without ever being acked) is dead-lettered by the broker instead of looping.
 * </ul>
 */
public final class OrdersTopology {

  private static final Logger LOG = LoggerFactory.getLogger("orders.topology");

  private final OrdersSettings settings;
  private final ConnectionFactory connectionFactory;
  private final RabbitAdmin admin;
  private final AtomicBoolean declaring = new AtomicBoolean();
  private ConnectionListener redeclare;

  public OrdersTopology(OrdersSettings settings, ConnectionFactory connectionFactory) {
    this.settings = settings;
    this.connectionFactory = connectionFactory;
    this.admin = new RabbitAdmin(connectionFactory);
  }

  /**
   * Declares everything now, and again on every new connection (after a broker restart). A broker
   * that cannot be reached yet is no error: the app starts, the order routes' listeners keep
   * connecting, and the first connection they make declares the topology. A broker that answers
   * but refuses a declaration (a queue with other arguments) still fails the start.
   */
  public void start() {
    try {
      declare();
    } catch (AmqpConnectException e) {
      LOG.warn("RabbitMQ not reachable ({}): the order topology is declared once it connects", e.getMessage());
    }
    redeclare = new ConnectionListener() {
      @Override
      public void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
        // our own declare() opens a channel, which may create the connection: do not recurse
        if (declaring.get()) {
          return;
        }
        try {
          declare();
          LOG.info("order topology declared again on a new connection");
        } catch (RuntimeException e) {
          LOG.warn("could not declare the order topology on a new connection: {}", e.getMessage());
        }
      }
    };
    connectionFactory.addConnectionListener(redeclare);
  }

  public void stop() {
    if (redeclare != null) {
      connectionFactory.removeConnectionListener(redeclare);
    }
  }

  public void declare() {
    if (!declaring.compareAndSet(false, true)) {
      return;
    }
    try {
      exchanges().forEach(admin::declareExchange);
      for (Queue queue : queues()) {
        try {
          admin.declareQueue(queue);
        } catch (RuntimeException e) {
          throw new IllegalStateException(
              "cannot declare queue " + queue.getName() + " with " + queue.getArguments()
                  + ". If it exists with other arguments (a changed TTL, length limit or type), delete it "
                  + "(rabbitmqctl delete_queue " + queue.getName() + ") once it is empty, or pick another "
                  + "marketwire.orders.namespace", e);
        }
      }
      bindings().forEach(admin::declareBinding);
      LOG.info("order topology declared{}", settings.namespace().isEmpty() ? "" : " (namespace '" + settings.namespace() + "')");
    } finally {
      declaring.set(false);
    }
  }

  /** Deletes what {@link #declare()} created; for tests, which each use their own namespace. */
  public void deleteAll() {
    queues().forEach(q -> admin.deleteQueue(q.getName()));
    exchanges().forEach(e -> admin.deleteExchange(e.getName()));
  }

  public RabbitAdmin admin() {
    return admin;
  }

  List<Exchange> exchanges() {
    OrdersSettings s = settings;
    Map<String, Object> ae = Map.of("alternate-exchange", s.alternateExchange());
    return List.of(
        ExchangeBuilder.fanoutExchange(s.alternateExchange()).durable(true).build(),
        ExchangeBuilder.directExchange(s.directExchange()).durable(true).withArguments(ae).build(),
        ExchangeBuilder.fanoutExchange(s.eventsExchange()).durable(true).build(),
        ExchangeBuilder.topicExchange(s.logsExchange()).durable(true).build(),
        ExchangeBuilder.fanoutExchange(s.deadLetterExchange()).durable(true).build(),
        ExchangeBuilder.directExchange(s.retryExchange()).durable(true).build(),
        ExchangeBuilder.headersExchange(s.headersExchange()).durable(true).withArguments(ae).build(),
        ExchangeBuilder.directExchange(s.rpcExchange()).durable(true).build());
  }

  List<Queue> queues() {
    OrdersSettings s = settings;
    List<Queue> queues = new ArrayList<>();
    queues.add(orderQueue(s.workQueue())
        .deadLetterExchange(s.deadLetterExchange())
        .maxLength(s.workQueueMaxLength())
        .deliveryLimit(s.deliveryLimit())
        .build());
    for (int attempt = 1; attempt <= s.retry().delayQueues(); attempt++) {
      // per-queue TTL: every order in orders.retry.<n> waits the same time, then the broker
      // dead-letters it back into orders.direct with routing key "order"
      queues.add(orderQueue(s.retryQueue(attempt))
          .ttl((int) s.retry().delayAfter(attempt))
          .deadLetterExchange(s.directExchange())
          .deadLetterRoutingKey("order")
          .build());
    }
    queues.add(QueueBuilder.durable(s.failedQueue()).quorum().build());
    queues.add(QueueBuilder.durable(s.unroutableQueue()).quorum().build());
    queues.add(QueueBuilder.durable(s.dispatchQueue("EU")).quorum().build());
    queues.add(QueueBuilder.durable(s.dispatchQueue("US")).quorum().build());
    queues.add(vipQueue());
    queues.add(ofQueueType(s.notificationsQueue()).build());
    queues.add(ofQueueType(s.analyticsQueue())
        .ttl((int) s.analyticsTtlMs())
        .maxLength(s.analyticsMaxLength())
        .overflow(QueueBuilder.Overflow.dropHead)
        .build());
    queues.add(ofQueueType(s.logsAllQueue()).build());
    queues.add(ofQueueType(s.logsFailedQueue()).build());
    // the audit log's source: quorum, since every order event must reach the log once consumed
    queues.add(QueueBuilder.durable(s.logsAuditQueue()).quorum().build());
    queues.add(ofQueueType(s.rpcQueue()).build());
    return queues;
  }

  private Queue vipQueue() {
    QueueBuilder vip = QueueBuilder.durable(settings.vipQueue());
    // a quorum queue refuses x-max-priority: its two levels need no declaration
    return settings.vipQueueType().equals(OrdersSettings.QUORUM)
        ? vip.quorum().build()
        : vip.maxPriority(settings.vipMaxPriority()).build();
  }

  /** A durable queue of {@code marketwire.orders.queue-type}. */
  private QueueBuilder ofQueueType(String name) {
    QueueBuilder queue = QueueBuilder.durable(name);
    return settings.queueType().equals(OrdersSettings.QUORUM) ? queue.quorum() : queue;
  }

  /** A quorum queue that dead-letters at-least-once (which needs reject-publish overflow). */
  private static QueueBuilder orderQueue(String name) {
    return QueueBuilder.durable(name)
        .quorum()
        .overflow(QueueBuilder.Overflow.rejectPublish)
        .withArgument("x-dead-letter-strategy", "at-least-once");
  }

  List<Binding> bindings() {
    OrdersSettings s = settings;
    List<Binding> bindings = new ArrayList<>();
    bindings.add(bind(s.workQueue(), s.directExchange(), "order"));
    for (int attempt = 1; attempt <= s.retry().delayQueues(); attempt++) {
      bindings.add(bind(s.retryQueue(attempt), s.retryExchange(), "retry." + attempt));
    }
    bindings.add(bind(s.failedQueue(), s.deadLetterExchange(), ""));
    bindings.add(bind(s.unroutableQueue(), s.alternateExchange(), ""));
    bindings.add(bind(s.notificationsQueue(), s.eventsExchange(), ""));
    bindings.add(bind(s.analyticsQueue(), s.eventsExchange(), ""));
    bindings.add(bind(s.logsAllQueue(), s.logsExchange(), "order.#"));
    bindings.add(bind(s.logsFailedQueue(), s.logsExchange(), "*.failed"));
    for (String key : List.of("order.created", "order.completed", "order.failed")) {
      bindings.add(bind(s.logsAuditQueue(), s.logsExchange(), key));
    }
    bindings.add(bind(s.rpcQueue(), s.rpcExchange(), "inventory.check"));
    HeadersExchange headers = new HeadersExchange(s.headersExchange());
    for (String region : List.of("EU", "US")) {
      Map<String, Object> match = new HashMap<>();
      match.put(OrderHeaders.REGION, region);
      match.put(OrderHeaders.PRIORITY, "normal");
      bindings.add(BindingBuilder.bind(QueueBuilder.durable(s.dispatchQueue(region)).build()).to(headers).whereAll(match).match());
    }
    bindings.add(BindingBuilder.bind(QueueBuilder.durable(s.vipQueue()).build()).to(headers)
        .whereAll(Map.of(OrderHeaders.PRIORITY, "vip")).match());
    return bindings;
  }

  private static Binding bind(String queue, String exchange, String key) {
    return new Binding(queue, Binding.DestinationType.QUEUE, exchange, key, null);
  }
}
