package io.marketwire.dataplane.processors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.CustomExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The MDQ split by symbol, so that several MDPs share it and each symbol's events still reach
 * one processor, in order: with {@code partitions > 1} an MDQ subscription (a queue bound to the
 * MDQ topic exchange) becomes a consistent-hash exchange {@code <queue>.by-symbol} bound with the
 * subscription's binding key, which spreads routing keys ({@code T.AZO}: the symbol) over the
 * quorum queues {@code <queue>.0 .. <queue>.N-1}, each with single active consumer. Every MDP
 * consumes every partition; the broker keeps one consumer active per partition and moves the
 * partition to another when its consumer goes. So a symbol's state (session volume, VWAP) lives in
 * exactly one MDP, and RabbitMQ decides which: its hash exchange, and its single active consumer.
 *
 * <p>Spreading the partitions over the MDPs is RabbitMQ's too: since 4.0 a quorum queue's single
 * active consumer honours consumer priorities, switching to a consumer of higher priority once the
 * current one has acknowledged what it holds (classic queues keep their first consumer, so the
 * first MDP would hold every partition and the others only stand by). Each MDP consumes partition
 * {@code p} with the priority {@link #priority}: a hash of its instance name and {@code p}
 * (rendezvous hashing), so every partition prefers one MDP, different partitions prefer different
 * MDPs, and no MDP needs to know the others.
 *
 * <p>A subscription whose state spans symbols (the scanner ranks them all) is not split: it is one
 * queue {@code <queue>.0}, single active consumer, so one MDP computes it and the others stand by.
 *
 * <p>With {@code partitions = 1} nothing changes: the endpoint declares its one queue as before
 * (one MDP; a second would compete for the messages, and its figures would be wrong).
 */
public final class MdqPartitions {

  static final String HASH_EXCHANGE_TYPE = "x-consistent-hash";
  /**
   * The header naming the broker consumer a partition's message came through. Its change for a
   * symbol means the partition moved to this MDP (or back), and what this MDP holds of the symbol
   * in memory may be stale: the processors load it from the MDC again.
   */
  public static final String CONSUMER_HEADER = "MarketwireMdqConsumer";
  /** A queue's weight on the hash ring: all partitions weigh the same. */
  private static final String EQUAL_WEIGHT = "1";
  /** Endpoint queue arguments that are declaration flags, not {@code x-} arguments. */
  private static final Set<String> FLAGS = Set.of("durable", "autoDelete", "exclusive");

  private final int partitions;
  private final Set<String> crossSymbolQueues;
  private final String instance;

  /**
   * @param partitions queues per subscription ({@code 1}: not split)
   * @param crossSymbolQueues the MDQ queues whose state spans symbols: one partition each
   * @param instance this MDP's name ({@code marketwire.instance}), for its consumer priorities
   */
  public MdqPartitions(int partitions, Set<String> crossSymbolQueues, String instance) {
    if (partitions < 1) {
      throw new IllegalArgumentException("marketwire.dataplane.partitions must be at least 1, not " + partitions);
    }
    this.partitions = partitions;
    this.crossSymbolQueues = Set.copyOf(crossSymbolQueues);
    this.instance = instance;
  }

  /**
   * This MDP's consumer priority on a partition queue: the same for the same instance name and
   * queue in every process, spread over 0..9999 (ties are the broker's to break).
   */
  public int priority(String partitionQueue) {
    return priority(instance, partitionQueue);
  }

  public static int priority(String instance, String partitionQueue) {
    // String.hashCode mixes poorly for names that differ in one character: a murmur3 finaliser
    // spreads them
    long h = (instance + "/" + partitionQueue).hashCode();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) Math.floorMod(h, 10_000L);
  }

  public boolean enabled() {
    return partitions > 1;
  }

  /** The partition queues of an MDQ subscription's queue. */
  public List<String> queues(String queue) {
    int count = crossSymbolQueues.contains(queue) ? 1 : partitions;
    return IntStream.range(0, count).mapToObj(i -> queue + "." + i).toList();
  }

  public static String hashExchange(String queue) {
    return queue + ".by-symbol";
  }

  /**
   * Declares the endpoint's subscription as partitions (the topic exchange as the endpoint would,
   * the hash exchange bound to it, the partition queues with the endpoint's queue arguments) and
   * returns the queues to consume. The endpoint then declares only its exchange, not its queue.
   */
  List<String> declare(SpringRabbitMQEndpoint endpoint) {
    String queue = endpoint.getQueues().trim();
    if (queue.contains(",")) {
      throw new IllegalArgumentException("an MDQ endpoint names one queue to partition, not " + queue);
    }
    RabbitAdmin admin = new RabbitAdmin(endpoint.getConnectionFactory());
    admin.declareExchange(new ExchangeBuilder(endpoint.getExchangeName(), endpoint.getExchangeType()).durable(true).build());
    String hash = hashExchange(queue);
    admin.declareExchange(new CustomExchange(hash, HASH_EXCHANGE_TYPE, true, false));
    admin.declareBinding(
        new Binding(hash, Binding.DestinationType.EXCHANGE, endpoint.getExchangeName(), endpoint.getRoutingKey(), null));
    Map<String, Object> arguments = new LinkedHashMap<>(endpoint.getQueueArgs());
    FLAGS.forEach(arguments::remove);
    arguments.put("x-queue-type", "quorum");
    arguments.put("x-single-active-consumer", true);
    List<String> queues = queues(queue);
    for (String partition : queues) {
      admin.declareQueue(QueueBuilder.durable(partition).withArguments(arguments).build());
      admin.declareBinding(new Binding(partition, Binding.DestinationType.QUEUE, hash, EQUAL_WEIGHT, null));
    }
    endpoint.setSkipDeclareQueue(true);
    endpoint.setSkipBindQueue(true);
    return queues;
  }
}
