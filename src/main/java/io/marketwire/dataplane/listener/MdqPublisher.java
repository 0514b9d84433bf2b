package io.marketwire.dataplane.listener;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@code massive:} consumer's batches ({@code List<MarketEvent>} bodies) to the MDQ
 * topic exchange, one non-persistent AMQP message per event with routing key {@code EV.SYMBOL},
 * the event's raw JSON as body and header {@code MarketwireReceivedAt}, on its own connection
 * with one channel (RabbitMQ keeps order per channel only) in confirm mode.
 *
 * <p>Confirms are counted as the broker sends them, on the AMQP client's connection thread, never
 * waited for per batch: at most {@code maxUnconfirmed} events are in flight, and a publisher that
 * reaches that limit waits for confirms (back-pressure that reaches the upstream socket through
 * the listener's hand-off buffer). When the connection goes, its unconfirmed events are counted as
 * in doubt (they may or may not be in the MDQ) and are not sent again: the data plane delivers at
 * most once. A batch that fails part way throws {@link MdqPublishException} with the number of
 * events it wrote, so only the unwritten rest is sent again.
 */
public final class MdqPublisher implements Processor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MdqPublisher.class);

  private final ConnectionFactory factory;
  private final List<Address> nodes;
  private final String connectionName;
  private final String exchange;
  private final int maxUnconfirmed;
  private final long confirmTimeoutMillis;
  private final Semaphore window;
  private final LongAdder acked = new LongAdder();
  private final LongAdder nacked = new LongAdder();
  private final LongAdder inDoubt = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder bodyBytes = new LongAdder();
  private Connection connection;
  private Channel channel;
  private Unconfirmed unconfirmed;
  private volatile boolean metersRegistered;

  /**
   * @param factory the broker's connection settings (copied: this publisher reconnects by itself)
   * @param nodes the nodes to connect to, tried in random order at each (re)connect, so that on a
   *     cluster the listener goes on through another node when its node is lost; empty: the
   *     factory's own host and port
   * @param connectionName the name the broker shows for its connection
   * @param exchange the MDQ topic exchange, declared durable when the channel opens
   * @param maxUnconfirmed events published and not yet confirmed, at most
   * @param confirmTimeoutMillis how long a publish waits for room in that window before it fails
   */
  public MdqPublisher(
      ConnectionFactory factory,
      List<Address> nodes,
      String connectionName,
      String exchange,
      int maxUnconfirmed,
      long confirmTimeoutMillis) {
    this.factory = factory.clone();
    this.nodes = nodes.isEmpty() ? List.of(new Address(factory.getHost(), factory.getPort())) : List.copyOf(nodes);
    this.connectionName = connectionName;
    this.factory.setAutomaticRecoveryEnabled(false);
    this.factory.setTopologyRecoveryEnabled(false);
    this.exchange = exchange;
    this.maxUnconfirmed = maxUnconfirmed;
    this.confirmTimeoutMillis = confirmTimeoutMillis;
    this.window = new Semaphore(maxUnconfirmed);
  }

  /** The publisher bound in a context, if any. */
  public static java.util.Optional<MdqPublisher> find(CamelContext context) {
    return java.util.Optional.ofNullable(context.getRegistry().findSingleByType(MdqPublisher.class));
  }

  public String exchange() {
    return exchange;
  }

  /** Events the broker confirmed (routed to every queue bound for them, or unroutable). */
  public long acked() {
    return acked.sum();
  }

  /** Events the broker refused (an internal error in a queue): not in the MDQ, not sent again. */
  public long nacked() {
    return nacked.sum();
  }

  /** Events unconfirmed when their connection closed: perhaps in the MDQ, not sent again. */
  public long inDoubt() {
    return inDoubt.sum();
  }

  /** Events published and not yet confirmed. */
  public int unconfirmed() {
    return maxUnconfirmed - window.availablePermits();
  }

  /** Bytes of the event bodies written to the channel. */
  public long bodyBytes() {
    return bodyBytes.sum();
  }

  /** Batches published (calls that wrote every event of their batch). */
  public long batches() {
    return batches.sum();
  }

  @Override
  public void process(Exchange exchange) throws Exception {
    if (!metersRegistered) {
      registerMeters(exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class));
    }
    @SuppressWarnings("unchecked")
    List<MarketEvent> events = exchange.getMessage().getMandatoryBody(List.class);
    publish(events);
  }

  /**
   * Writes every event to the channel, in order.
   *
   * @throws MdqPublishException when the channel cannot be opened or fails, or no confirm makes room
   *     within the timeout; it says how many events from the start were written
   */
  public synchronized void publish(List<MarketEvent> events) {
    int written = 0;
    long bytes = 0;
    try {
      Channel ch = channel();
      Unconfirmed pending = unconfirmed;
      AMQP.BasicProperties properties = null;
      long propertiesFor = Long.MIN_VALUE;
      for (MarketEvent event : events) {
        if (!window.tryAcquire() && !window.tryAcquire(confirmTimeoutMillis, TimeUnit.MILLISECONDS)) {
          throw new MdqPublishException(
              written, true, "no publisher confirm for " + confirmTimeoutMillis + " ms with " + maxUnconfirmed + " events in flight", null);
        }
        if (event.receivedAtMillis() != propertiesFor) {
          // the events of one frame share their receipt time: one properties object per frame
          propertiesFor = event.receivedAtMillis();
          properties = properties(propertiesFor);
        }
        long tag = ch.getNextPublishSeqNo();
        if (!pending.add(tag)) {
          window.release();
          throw new MdqPublishException(written, false, "the MDQ channel closed", null);
        }
        byte[] body = event.raw().getBytes(StandardCharsets.UTF_8);
        try {
          ch.basicPublish(exchange, event.routingKey(), false, properties, body);
        } catch (Exception e) {
          pending.forget(tag, window); // never reached the socket
          throw e;
        }
        written++;
        bytes += body.length;
      }
      batches.increment();
    } catch (MdqPublishException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MdqPublishException(written, false, "interrupted", e);
    } catch (Exception e) {
      closeChannel();
      throw new MdqPublishException(written, false, "publishing to the MDQ failed: " + e.getMessage(), e);
    } finally {
      bodyBytes.add(bytes);
    }
  }

  private static AMQP.BasicProperties properties(long receivedAtMillis) {
    return new AMQP.BasicProperties.Builder()
        .contentType("text/plain")
        .contentEncoding("UTF-8")
        .deliveryMode(1)
        .headers(Map.of(MassiveConstants.RECEIVED_AT, receivedAtMillis))
        .build();
  }

  private Channel channel() throws Exception {
    if (channel != null && channel.isOpen()) {
      return channel;
    }
    closeChannel();
    List<Address> order = new ArrayList<>(nodes);
    Collections.shuffle(order);
    Connection c = factory.newConnection(order, connectionName);
    try {
      Channel ch = c.createChannel();
      ch.exchangeDeclare(exchange, "topic", true);
      ch.confirmSelect();
      Unconfirmed pending = new Unconfirmed(maxUnconfirmed);
      ch.addConfirmListener(
          new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
              acked.add(pending.confirm(tag, multiple, window));
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
              int n = pending.confirm(tag, multiple, window);
              nacked.add(n);
              LOG.warn("The broker refused {} MDQ event(s) (nack); they are not sent again", n);
            }
          });
      ch.addShutdownListener(cause -> inDoubt.add(pending.close(window)));
      connection = c;
      channel = ch;
      unconfirmed = pending;
      LOG.info("MDL publishing to exchange {} with publisher confirms (at most {} in flight)", exchange, maxUnconfirmed);
      return ch;
    } catch (Exception e) {
      c.abort();
      throw e;
    }
  }

  private void closeChannel() {
    Connection c = connection;
    connection = null;
    channel = null;
    if (c != null) {
      c.abort(); // the channel's shutdown listener counts what was unconfirmed
    }
    if (unconfirmed != null) {
      inDoubt.add(unconfirmed.close(window));
      unconfirmed = null;
    }
  }

  @Override
  public synchronized void close() {
    Channel ch = channel;
    if (ch != null && ch.isOpen()) {
      try {
        // what was published before a clean stop gets its confirms
        ch.waitForConfirms(2_000);
      } catch (Exception e) {
        LOG.debug("MDQ confirms still missing at stop: {}", e.getMessage());
      }
    }
    closeChannel();
  }

  private synchronized void registerMeters(MeterRegistry registry) {
    if (metersRegistered || registry == null) {
      metersRegistered = true;
      return;
    }
    metersRegistered = true;
    for (var result : Map.<String, java.util.function.ToDoubleFunction<MdqPublisher>>of(
        "acked", MdqPublisher::acked, "nacked", MdqPublisher::nacked, "in_doubt", MdqPublisher::inDoubt).entrySet()) {
      FunctionCounter.builder("marketwire.mdl.confirms", this, result.getValue())
          .tag("result", result.getKey())
          .description("events the listener published to the MDQ, by publisher confirm")
          .register(registry);
    }
  }

  /**
   * Delivery tags of one channel that wait for a confirm. Written by the publisher, confirmed by
   * the connection thread; once its channel closes it takes no more tags. A tag holds its place in
   * the window until every tag before it is confirmed too (confirms come out of order when events
   * go to several queues), so the tags from the oldest unconfirmed one to the newest are at most
   * the window apart and a ring of that size holds them without allocating per message.
   */
  static final class Unconfirmed {
    private final boolean[] confirmed;
    /** The oldest tag not yet confirmed (or the next one), and the newest tag taken. */
    private long low = 1;
    private long high;
    private boolean closed;

    Unconfirmed(int window) {
      confirmed = new boolean[window];
    }

    private int slot(long tag) {
      return (int) (tag % confirmed.length);
    }

    synchronized boolean add(long tag) {
      if (closed) {
        return false;
      }
      if (high == 0) {
        low = tag;
      }
      high = tag;
      confirmed[slot(tag)] = false;
      return true;
    }

    /** Forgets the newest tag, whose message never left; gives its place in the window back. */
    synchronized void forget(long tag, Semaphore window) {
      if (!closed && tag == high && tag >= low) {
        high--;
        window.release();
      }
    }

    /**
     * Confirms one tag or every tag up to it; returns how many were newly confirmed. Places in the
     * window are given back as the oldest unconfirmed tag moves up, not per confirm: a tag
     * confirmed ahead of an older one keeps its slot of the ring until then.
     */
    synchronized int confirm(long tag, boolean multiple, Semaphore window) {
      long before = low;
      int n = 0;
      if (multiple) {
        for (long t = low; t <= Math.min(tag, high); t++) {
          if (!confirmed[slot(t)]) {
            n++;
          }
        }
        low = Math.max(low, Math.min(tag, high) + 1);
      } else if (tag >= low && tag <= high && !confirmed[slot(tag)]) {
        confirmed[slot(tag)] = true;
        n = 1;
      }
      while (low <= high && confirmed[slot(low)]) {
        low++;
      }
      window.release((int) (low - before));
      return n;
    }

    /** No confirm will come: returns how many were waiting, whose places are given back. */
    synchronized int close(Semaphore window) {
      if (closed) {
        return 0;
      }
      closed = true;
      int n = 0;
      for (long t = low; t <= high; t++) {
        if (!confirmed[slot(t)]) {
          n++;
        }
      }
      // every tag from the oldest unconfirmed one holds a place, confirmed or not
      window.release((int) (high - low + 1));
      low = high + 1;
      return n;
    }
  }
}
