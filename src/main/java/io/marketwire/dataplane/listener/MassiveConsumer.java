package io.marketwire.dataplane.listener;

import io.marketwire.dataplane.listener.UpstreamConnection.Frame;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MDL: one {@link UpstreamConnection} whose event loop only hands frames over, and one
 * publisher thread that splits them into events and runs the route for each (which publishes to
 * the MDQ), or in batch mode once for all the frames waiting (up to batchSize events). A full
 * hand-off buffer (in frames, or in the age of its oldest frame) pauses the socket (back-pressure to the upstream); frames are
 * only dropped, counted, when they are older than maxAge (the data plane's TTL) before they could
 * be published.
 */
public class MassiveConsumer extends DefaultConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(MassiveConsumer.class);

  private final MassiveEndpoint endpoint;
  private final ListenerCounters counters = new ListenerCounters();
  private final List<Meter> meters = new ArrayList<>();
  private HandOff handoff;
  private UpstreamConnection connection;
  private Vertx ownVertx;
  private Thread publisher;
  private volatile boolean running;

  public MassiveConsumer(MassiveEndpoint endpoint, Processor processor) {
    super(endpoint, processor);
    this.endpoint = endpoint;
  }

  /** The listener in a context: the consumer of the first route that reads {@code massive:}. */
  public static java.util.Optional<MassiveConsumer> find(CamelContext context) {
    for (Route route : context.getRoutes()) {
      if (route.getConsumer() instanceof MassiveConsumer consumer) {
        return java.util.Optional.of(consumer);
      }
    }
    return java.util.Optional.empty();
  }

  public ListenerCounters counters() {
    return counters;
  }

  public UpstreamConnection connection() {
    return connection;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    if (endpoint.getUrl() == null || endpoint.getUrl().isBlank()) {
      throw new IllegalArgumentException("massive: needs url (marketwire.upstream.url)");
    }
    Vertx vertx = getEndpoint().getCamelContext().getRegistry().findSingleByType(Vertx.class);
    if (vertx == null) {
      ownVertx = Vertx.vertx();
      vertx = ownVertx;
    }
    handoff = new HandOff(endpoint.getBufferFrames(), endpoint.getBufferMaxAge(), Math.max(1, endpoint.getBatchSize()));
    connection =
        new UpstreamConnection(
            vertx,
            endpoint.getUrl(),
            endpoint.getApiKey(),
            endpoint.getSubscriptions(),
            endpoint.getReconnectInitialDelay(),
            endpoint.getReconnectMaxDelay(),
            handoff,
            counters);
    running = true;
    publisher = new Thread(this::publishLoop, "mdl-publisher");
    publisher.setDaemon(true);
    publisher.start();
    registerMeters();
    connection.start();
  }

  @Override
  protected void doStop() throws Exception {
    running = false;
    if (connection != null) {
      connection.stop();
    }
    if (publisher != null) {
      publisher.interrupt();
      publisher.join(5_000);
    }
    MeterRegistry registry = meterRegistry();
    if (registry != null) {
      meters.forEach(registry::remove);
    }
    meters.clear();
    if (ownVertx != null) {
      ownVertx.close();
      ownVertx = null;
    }
    LOG.info("Listener stopped: {}", counters);
    super.doStop();
  }

  private void publishLoop() {
    List<MarketEvent> batch = new ArrayList<>();
    while (running) {
      Frame frame;
      try {
        frame = handoff.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (frame == null) {
        continue;
      }
      if (!endpoint.isBatching()) {
        long start = System.nanoTime();
        publishEachEvent(frame);
        handoff.published(frame.events(), System.nanoTime() - start);
        continue;
      }
      // whatever the buffer holds now, in whole frames: large batches when publishing lags, the
      // frame alone when it keeps up (no waiting to fill a batch)
      batch.clear();
      do {
        addEvents(frame, batch);
      } while (batch.size() < endpoint.getBatchSize() && (frame = handoff.poll()) != null);
      if (!batch.isEmpty()) {
        long start = System.nanoTime();
        publishBatch(batch);
        handoff.published(batch.size(), System.nanoTime() - start);
      }
    }
  }

  private long maxAgeNanos() {
    return endpoint.getMaxAge() * 1_000_000L;
  }

  private void publishEachEvent(Frame frame) {
    long maxAgeNanos = maxAgeNanos();
    if (maxAgeNanos > 0 && System.nanoTime() - frame.receivedNanos() > maxAgeNanos) {
      counters.dropped.add(FrameSplitter.countEvents(frame.text())); // stale before it was published
      return;
    }
    try {
      FrameSplitter.split(frame.text(), (ev, symbol, raw) -> publish(frame, ev, symbol, raw));
    } catch (Exception e) {
      // the events of a frame that cannot be read are lost: count what was not published
      counters.dropped.add(FrameSplitter.countEvents(frame.text()));
      getExceptionHandler().handleException("Unreadable frame from upstream", e);
    }
  }

  /** Appends a frame's events to the batch, or counts them as dropped when the frame is stale or unreadable. */
  private void addEvents(Frame frame, List<MarketEvent> batch) {
    long maxAgeNanos = maxAgeNanos();
    if (maxAgeNanos > 0 && System.nanoTime() - frame.receivedNanos() > maxAgeNanos) {
      counters.dropped.add(FrameSplitter.countEvents(frame.text()));
      return;
    }
    int before = batch.size();
    try {
      FrameSplitter.split(
          frame.text(),
          (ev, symbol, raw) -> {
            if (ev != null && !ev.equals("status")) {
              batch.add(new MarketEvent(ev, symbol, raw, frame.receivedAtMillis(), frame.receivedNanos()));
            }
          });
    } catch (Exception e) {
      batch.subList(before, batch.size()).clear(); // the whole frame or none of it
      counters.dropped.add(FrameSplitter.countEvents(frame.text()));
      getExceptionHandler().handleException("Unreadable frame from upstream", e);
    }
  }

  /**
   * Runs the route with the batch, and again with what it did not publish while the MDQ does not
   * take it (RabbitMQ restarting), with a doubling delay. The route reports a partial publish with
   * {@link MdqPublishException}: the events it wrote are not sent again (at most once), the rest
   * are, in order. An event is only given up, counted as dropped, once older than maxAge.
   */
  private void publishBatch(List<MarketEvent> batch) {
    int from = 0;
    long backoffMillis = 25;
    while (running) {
      List<MarketEvent> rest = from == 0 ? batch : batch.subList(from, batch.size());
      Exchange exchange = createExchange(false);
      Exception failure;
      try {
        Message message = exchange.getMessage();
        message.setBody(rest);
        message.setHeader(MassiveConstants.BATCH_SIZE, rest.size());
        getProcessor().process(exchange);
        failure = exchange.getException();
      } catch (Exception e) {
        failure = e;
      } finally {
        releaseExchange(exchange, false);
      }
      if (failure == null) {
        counters.published.add(rest.size());
        return;
      }
      java.util.Optional<MdqPublishException> partial = MdqPublishException.in(failure);
      int written = Math.min(rest.size(), partial.map(MdqPublishException::published).orElse(0));
      counters.published.add(written);
      from += written;
      long now = System.nanoTime();
      int expired = 0;
      while (from < batch.size() && batch.get(from).olderThan(maxAgeNanos(), now)) {
        from++; // frames arrive in order: the stale ones lead
        expired++;
      }
      if (expired > 0) {
        publishFailed(failure, expired);
      }
      if (from >= batch.size()) {
        return;
      }
      if (partial.isPresent() && partial.get().channelOpen()) {
        continue; // the broker confirms slowly but takes events: go on at once
      }
      if (!backOff(backoffMillis)) {
        return;
      }
      backoffMillis = Math.min(1000, backoffMillis * 2);
    }
  }

  /** Waits before a retry; false when interrupted (stopping). */
  private static boolean backOff(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Publishes one event, again and again while the MDQ does not take it (RabbitMQ restarting): an
   * event is only ever given up when it is older than maxAge, the data plane's TTL, and then it is
   * counted as dropped, like a frame that went stale in the buffer.
   */
  private void publish(Frame frame, String ev, String symbol, String raw) {
    if (ev == null || ev.equals("status")) {
      return;
    }
    long backoffMillis = 25;
    while (running) {
      Exchange exchange = createExchange(false);
      Exception failure;
      try {
        Message message = exchange.getMessage();
        message.setBody(raw);
        message.setHeader(MassiveConstants.EVENT_TYPE, ev);
        message.setHeader(MassiveConstants.SYMBOL, symbol);
        message.setHeader(MassiveConstants.ROUTING_KEY, symbol == null ? ev : ev + "." + symbol);
        message.setHeader(MassiveConstants.RECEIVED_AT, frame.receivedAtMillis());
        getProcessor().process(exchange);
        failure = exchange.getException();
      } catch (Exception e) {
        failure = e;
      } finally {
        releaseExchange(exchange, false);
      }
      if (failure == null) {
        counters.published.increment();
        return;
      }
      long maxAgeNanos = endpoint.getMaxAge() * 1_000_000L;
      if (maxAgeNanos > 0 && System.nanoTime() - frame.receivedNanos() > maxAgeNanos) {
        publishFailed(failure, 1); // expired under the TTL while the MDQ was away: counted
        return;
      }
      if (!backOff(backoffMillis)) {
        return;
      }
      backoffMillis = Math.min(1000, backoffMillis * 2);
    }
  }

  private long lastFailureLog;
  private long failuresSinceLog;

  /** Counts events given up after maxAge; logs the first, then one summary per 10 s (publisher thread only). */
  private void publishFailed(Exception e, int events) {
    counters.dropped.add(events);
    failuresSinceLog += events;
    long now = System.nanoTime();
    if (lastFailureLog == 0 || now - lastFailureLog > 10_000_000_000L) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      LOG.warn(
          "Publishing to the MDQ failed for {} event(s) since the last report (dropped so far: {}): {}",
          failuresSinceLog,
          counters.dropped(),
          root.getClass().getSimpleName() + ": " + root.getMessage());
      lastFailureLog = now;
      failuresSinceLog = 0;
    }
  }

  private MeterRegistry meterRegistry() {
    return getEndpoint().getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
  }

  private void registerMeters() {
    MeterRegistry registry = meterRegistry();
    if (registry == null) {
      return;
    }
    meters.add(counter(registry, "received", ListenerCounters::received));
    meters.add(counter(registry, "published", ListenerCounters::published));
    meters.add(counter(registry, "dropped", ListenerCounters::dropped));
    meters.add(
        FunctionCounter.builder("marketwire.mdl.connects", counters, ListenerCounters::connects)
            .description("successful upstream connections (1 + reconnects)")
            .register(registry));
    meters.add(
        FunctionCounter.builder("marketwire.mdl.pauses", counters, ListenerCounters::pauses)
            .description("times the upstream socket was paused because the hand-off buffer was full")
            .register(registry));
  }

  private Meter counter(
      MeterRegistry registry, String result, java.util.function.ToDoubleFunction<ListenerCounters> f) {
    return FunctionCounter.builder("marketwire.mdl.events", counters, f)
        .tag("result", result)
        .description("events from the upstream by outcome")
        .register(registry);
  }
}
