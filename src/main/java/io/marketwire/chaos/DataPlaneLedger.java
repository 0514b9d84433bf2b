package io.marketwire.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.marketwire.dataplane.upstream.UpstreamServer;
import io.marketwire.source.TimeWindow;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The data plane under chaos. This JVM runs the local upstream ({@link UpstreamServer}) replaying
 * one trading day of real bars, paced to last nine tenths of the load; the app's MDL listens to
 * it, the MDQ carries the events, the MDP writes the MDC, and this JVM subscribes to the MDC's
 * quote channels, the final consumer a browser widget would see through the WDS. Every quote the
 * upstream wrote to the app's socket is followed there by its sequence number.
 *
 * <p>The data plane promises at most once within its TTL: non-persistent messages that live 5 s.
 * So a quote delivered twice fails the run; a quote missing is counted as expired when it was
 * sent while a fault lasted (from {@link #BEFORE} before the fault to {@link #AFTER} after the
 * system was back: the TTL plus a consumer's recovery interval), and as lost, failing the run,
 * otherwise. Dropping the upstream connection is this ledger's fault.
 */
final class DataPlaneLedger implements Ledger {

  /** Quotes in flight when a fault starts are at risk too. */
  static final Duration BEFORE = Duration.ofSeconds(2);
  /**
   * The MDQ's TTL (5 s), plus the time the MDP's consumers and the MDL's publisher take to be back
   * on a connection (to another node on a cluster).
   */
  static final Duration AFTER = Duration.ofSeconds(10);

  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "CPAY", "FDS", "GWW", "LII");
  private static final String DAY = "2024-03-01";
  /** Bars of a regular session, 14:30 to 21:00 UTC: the replay lasts this long in event time. */
  private static final double SESSION_SECONDS = 6.5 * 3600;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChaosRun run;
  private final RedisClient redisClient;
  private final FaultWindows faults;
  private final String apiKey;
  private final int partitions;
  private final int upstreamPort = freePort();
  private final double speed;
  private final Map<Long, Long> sentAtNanos = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> delivered = new ConcurrentHashMap<>();
  private volatile long lastDeliveryNanos = System.nanoTime();
  private Vertx vertx;
  private UpstreamServer upstream;
  private StatefulRedisPubSubConnection<String, String> pubsub;

  /**
   * @param partitions the app's {@code marketwire.dataplane.partitions}: the MDQ queues to remove
   *     at the end are {@code <queue>.0..N-1} when it is above 1
   */
  DataPlaneLedger(ChaosRun run, RedisClient redisClient, FaultWindows faults, String apiKey, int partitions) {
    this.run = run;
    this.redisClient = redisClient;
    this.faults = faults;
    this.apiKey = apiKey;
    this.partitions = partitions;
    this.speed = SESSION_SECONDS / Math.max(10, run.loadMillis() / 1000.0 * 0.9);
  }

  private String exchange() {
    return run.name("mdq");
  }

  private String queuePrefix() {
    return run.name("mdq") + ".";
  }

  private String cachePrefix() {
    return run.name("mdc") + ":";
  }

  @Override
  public List<String> routes() {
    return List.of("file:routes/dataplane/mdl/mdl.camel.yaml", "file:routes/dataplane/mdp/mdp.camel.yaml");
  }

  @Override
  public Map<String, String> appProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("marketwire.dataplane.exchange", exchange());
    p.put("marketwire.dataplane.queue-prefix", queuePrefix());
    p.put("marketwire.dataplane.cache.prefix", cachePrefix());
    p.put("marketwire.upstream.url", "ws://127.0.0.1:" + upstreamPort + "/stocks");
    p.put("marketwire.upstream.subscriptions", "Q.*");
    p.put("marketwire.upstream.reconnect-initial", "100ms");
    p.put("marketwire.upstream.reconnect-max", "2s");
    return p;
  }

  String describeLoad() {
    return "one day of " + String.join(",", SYMBOLS) + " from the upstream at " + Math.round(speed) + "x";
  }

  /** Subscribes to the MDC's quote channels, then starts the upstream's replay. */
  @Override
  public void start() throws Exception {
    pubsub = redisClient.connectPubSub();
    pubsub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String pattern, String channel, String message) {
            recordDelivery(message);
          }
        });
    pubsub.sync().psubscribe(cachePrefix() + "quotes:*");
    vertx = Vertx.vertx();
    upstream =
        new UpstreamServer(
            vertx,
            new UpstreamServer.Settings(
                "127.0.0.1", upstreamPort, "/stocks", apiKey, speed, run.barsDirectory(), SYMBOLS,
                TimeWindow.parse(DAY, DAY), false, 100));
    upstream.setObserver((symbol, sequence, nanoTime) -> sentAtNanos.put(sequence, nanoTime));
    upstream.start();
  }

  private void recordDelivery(String message) {
    try {
      JsonNode quote = JSON.readTree(message);
      delivered.computeIfAbsent(quote.path("q").asLong(), q -> new AtomicInteger()).incrementAndGet();
      lastDeliveryNanos = System.nanoTime();
    } catch (IOException e) {
      throw new IllegalStateException("the MDC published a quote that is not JSON: " + message, e);
    }
  }

  /** The fault: the upstream closes the app's connection; returns once the listener is back. */
  void dropUpstream() throws InterruptedException {
    upstream.dropConnections();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Thread.sleep(200);
    while (upstream.connectedClients() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** The data plane has no dead-letter place for a malformed upstream frame: nothing to inject. */
  @Override
  public void injectMalformed() {}

  /** Replay over, and every quote arrived or excused, or nothing arrived for 20 s. */
  @Override
  public boolean settled() {
    if (upstream == null || !upstream.finished()) {
      return false;
    }
    return missing().values().stream().allMatch(Optional::isPresent)
        || System.nanoTime() - lastDeliveryNanos > Duration.ofSeconds(20).toNanos();
  }

  /** Quotes sent and not delivered, each with the fault that excuses it (empty: none does). */
  private Map<Long, Optional<Fault>> missing() {
    Map<Long, Optional<Fault>> missing = new TreeMap<>();
    sentAtNanos.forEach(
        (seq, at) -> {
          if (!delivered.containsKey(seq)) {
            missing.put(seq, faults.covering(at, BEFORE, AFTER));
          }
        });
    return missing;
  }

  /**
   * Quotes sent after the last fault's window closed: those may not expire, so a run in which none
   * were sent after a fault proves nothing about the recovery from it.
   */
  long sentAfterFaults() {
    long closed = faults.windows().stream().mapToLong(FaultWindows.Window::toNanos).max().orElse(Long.MIN_VALUE)
        + AFTER.toNanos();
    return sentAtNanos.values().stream().filter(at -> at > closed).count();
  }

  @Override
  public List<LedgerRow> account() {
    long once = 0;
    long duplicates = 0;
    for (Long seq : sentAtNanos.keySet()) {
      AtomicInteger n = delivered.get(seq);
      if (n != null) {
        once++;
        duplicates += n.get() - 1;
      }
    }
    Map<String, Long> expiredByFault = new TreeMap<>();
    List<Long> lost = new ArrayList<>();
    missing().forEach((seq, fault) -> {
      if (fault.isPresent()) {
        expiredByFault.merge(fault.get().label(), 1L, Long::sum);
      } else {
        lost.add(seq);
      }
    });
    long expired = expiredByFault.values().stream().mapToLong(Long::longValue).sum();
    String note =
        (expired == 0 ? "none expired" : "expired while a fault lasted: " + expiredByFault)
            + (lost.isEmpty() ? "" : "; lost outside any fault, first: " + lost.subList(0, Math.min(5, lost.size())));
    return List.of(
        new LedgerRow("data plane quotes", LedgerRow.Guarantee.AT_MOST_ONCE, sentAtNanos.size(), once, duplicates, 0,
            expired, lost.size(), note));
  }

  @Override
  public void close() {
    try {
      if (upstream != null) {
        upstream.close();
      }
    } catch (Exception ignored) {
      // best effort
    }
    if (pubsub != null) {
      pubsub.close();
    }
    if (vertx != null) {
      vertx.close();
    }
    deleteQueuesAndKeys();
  }

  private void deleteQueuesAndKeys() {
    CachingConnectionFactory rabbit = new CachingConnectionFactory();
    rabbit.setAddresses(run.brokers().amqpAddressList()); // every node: any one that answers
    rabbit.setUsername(run.brokers().rabbitUsername());
    rabbit.setPassword(run.brokers().rabbitPassword());
    rabbit.setVirtualHost(run.brokers().virtualHost());
    try {
      RabbitAdmin admin = new RabbitAdmin(rabbit);
      for (String queue : List.of("trades", "quotes", "aggregates", "bars", "scanner")) {
        admin.deleteQueue(queuePrefix() + queue);
        for (int partition = 0; partitions > 1 && partition < partitions; partition++) {
          admin.deleteQueue(queuePrefix() + queue + "." + partition);
        }
      }
      admin.deleteExchange(exchange());
    } catch (RuntimeException ignored) {
      // best effort: a broker still restarting leaves them for a later clean-up
    } finally {
      rabbit.destroy();
    }
    try (var connection = redisClient.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(cachePrefix() + "*").limit(500));
        if (!page.getKeys().isEmpty()) {
          redis.del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } catch (RuntimeException ignored) {
      // best effort
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
