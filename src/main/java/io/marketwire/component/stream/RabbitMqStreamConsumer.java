package io.marketwire.component.stream;

import com.rabbitmq.stream.ConsumerBuilder;
import com.rabbitmq.stream.ConsumerFlowStrategy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.ConsumerUpdateListener;
import com.rabbitmq.stream.OffsetSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a stream or a super stream and runs the route once per message, synchronously, on the
 * client's dispatching thread.
 *
 * <p>Running the route in the message handler is what gives flow control: the client grants the
 * broker a new credit (one chunk) when it starts dispatching a chunk, and it cannot start the next
 * chunk while the route still processes this one, so a slow route slows the read and at most
 * {@code initialCredits} chunks wait in memory. It also keeps offsets in order: an offset is stored
 * (auto or manual tracking) only after the route finished that message and all before it.
 *
 * <p>A message the route fails on is reported to the consumer's exception handler (logged with its
 * offset) and the read goes on, as a log has no redelivery: use a dead-letter channel in the route
 * to keep such messages.
 *
 * <p>With {@code batching=true} one exchange carries up to {@code batchMaxSize} messages of one
 * partition (see {@link RabbitMqStreamBatch}). A full batch runs on the dispatching thread; a
 * partial one is handed over {@code batchTimeout} after its first message by a timer, while the
 * dispatching thread waits, so flow control and order are the same as per message. A batch the
 * route fails on is processed again from its first message (with backoff) and its offset stored
 * only once it succeeded: bad input is the route's to dead-letter, what reaches here is transient.
 *
 * <p>Longer than 400 lines because per-message and batch dispatch share its lifecycle, offset
 * tracking and single-active-consumer handling; the batch itself is {@link RabbitMqStreamBatch}.
 */
public class RabbitMqStreamConsumer extends DefaultConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqStreamConsumer.class);

  private final RabbitMqStreamEndpoint endpoint;
  private final RabbitMqStreamConfiguration config;
  private final HeaderFilterStrategy headerFilter;
  private Environment environment;
  private volatile com.rabbitmq.stream.Consumer consumer;
  private boolean named;
  // batching: the partitions' batches, guarded by their own monitor (dispatch and timer threads)
  private final Map<String, RabbitMqStreamBatch> batches = new HashMap<>();
  private ScheduledExecutorService batchTimer;
  private final RabbitMqStreamClientHealth health;
  // readUntilEnd: the bounded read and the timer that ends it on silence
  private RabbitMqStreamBoundedRead boundedRead;
  private ScheduledExecutorService endTimer;
  private RabbitMqStreamHealthCheck healthCheck;
  // super stream: the partitions this member has been handed messages of, with the client's
  // consumer of each (whose stored offset the broker keeps per partition); a partition it loses
  // as a single active consumer leaves (with batching, where the component sees the change)
  private final Map<String, com.rabbitmq.stream.Consumer> partitionsRead = new ConcurrentHashMap<>();

  public RabbitMqStreamConsumer(RabbitMqStreamEndpoint endpoint, Processor processor) {
    super(endpoint, processor);
    this.endpoint = endpoint;
    this.config = endpoint.getConfiguration();
    this.headerFilter = endpoint.getHeaderFilterStrategy();
    this.health =
        new RabbitMqStreamClientHealth(
            "consumer of stream " + config.getStream(), RabbitMqStreamComponent.connectionOf(config));
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    registerHealthCheck();
    environment = endpoint.acquireEnvironment(health);
    try {
      endpoint.ensureStream(environment);
      if (config.isBatching()) {
        long period = Math.max(1, config.getBatchTimeout() / 2);
        batchTimer =
            getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "RabbitMqStreamBatch[" + config.getStream() + "]");
        batchTimer.scheduleWithFixedDelay(this::handOverAgedBatches, period, period, TimeUnit.MILLISECONDS);
      }
      consumer = buildConsumer();
      health.started();
      if (boundedRead != null) {
        endTimer =
            getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "RabbitMqStreamEnd[" + config.getStream() + "]");
        endTimer.scheduleWithFixedDelay(boundedRead::checkIdle, 100, 100, TimeUnit.MILLISECONDS);
      }
      LOG.debug("Started consumer on {} at {}", config.getStream(), config.getOffset());
    } catch (RuntimeException e) {
      health.startFailed(e);
      stopBatchTimer();
      stopEndTimer();
      endpoint.releaseEnvironment();
      environment = null;
      throw e;
    }
  }

  /**
   * A check of its own in the health registry rather than only the route's consumer check: this
   * consumer fails its start while the broker is away or refuses it (so that the supervising route
   * controller starts the route again), and Camel asks a consumer's check only of a started route,
   * whose own check says "Stopped" without the reason. Kept until the route is removed.
   */
  private void registerHealthCheck() {
    RabbitMqStreamComponent component = endpoint.getComponent();
    HealthCheckRegistry registry = HealthCheckRegistry.get(getEndpoint().getCamelContext());
    if (healthCheck == null && registry != null && component.isHealthCheckConsumerEnabled()) {
      healthCheck =
          new RabbitMqStreamHealthCheck(
              "rabbitmq-stream-consumer:" + getRouteId(), health, config.getStream(), getRouteId());
      registry.register(healthCheck);
    }
  }

  @Override
  protected void doShutdown() throws Exception {
    HealthCheckRegistry registry = HealthCheckRegistry.get(getEndpoint().getCamelContext());
    if (healthCheck != null && registry != null) {
      registry.unregister(healthCheck);
      healthCheck = null;
    }
    super.doShutdown();
  }

  private com.rabbitmq.stream.Consumer buildConsumer() {
    ConsumerBuilder builder = environment.consumerBuilder();
    if (config.isSuperStream()) {
      builder.superStream(config.getStream());
    } else {
      builder.stream(config.getStream());
    }
    OffsetSpecification initial = endpoint.offsetSpecification();
    builder.offset(initial);
    builder.listeners(health);
    named = config.getConsumerName() != null && !config.getConsumerName().isBlank();
    if (named) {
      builder.name(config.getConsumerName());
      RabbitMqStreamOffsetTracking tracking = config.getOffsetTracking();
      if (tracking == RabbitMqStreamOffsetTracking.AUTO && !config.isBatching()) {
        builder =
            builder
                .autoTrackingStrategy()
                .messageCountBeforeStorage(config.getAutoCommitMessageCount())
                .flushInterval(Duration.ofMillis(config.getAutoCommitFlushInterval()))
                .builder();
      } else if (tracking == RabbitMqStreamOffsetTracking.NONE) {
        builder = builder.noTrackingStrategy();
      } else {
        // MANUAL, or AUTO with batching: stored after each batch the route finished
        builder = builder.manualTrackingStrategy().builder();
      }
      if (config.isSingleActiveConsumer()) {
        builder.singleActiveConsumer();
        if (config.isBatching()) {
          builder.consumerUpdateListener(status -> onActivityChange(status, initial));
        }
      }
    }
    List<String> filterValues = endpoint.filterValues();
    Predicate<Message> postFilter = null;
    if (!filterValues.isEmpty()) {
      Set<String> values = new HashSet<>(filterValues);
      String property = config.getFilterValueProperty();
      boolean matchUnfiltered = config.isFilterMatchUnfiltered();
      // the broker filters by chunk (a Bloom filter), so a chunk can hold other values:
      // this predicate is what guarantees only matching messages reach the route
      postFilter =
          m -> {
            String v = RabbitMqStreamProducer.stringProperty(m, property);
            return v == null ? matchUnfiltered : values.contains(v);
          };
      builder =
          builder
              .filter()
              .values(filterValues.toArray(String[]::new))
              // a bounded read applies it after its end check (RabbitMqStreamBoundedRead)
              .postFilter(config.isReadUntilEnd() ? m -> true : postFilter)
              .matchUnfiltered(matchUnfiltered)
              .builder();
    }
    builder =
        builder
            .flow()
            .strategy(ConsumerFlowStrategy.creditOnChunkArrival(config.getInitialCredits()))
            .builder();
    MessageHandler handler = config.isBatching() ? this::gather : this::handle;
    if (config.isReadUntilEnd()) {
      // a super stream's messages come with their partition's name, whose end each has its own
      boundedRead =
          RabbitMqStreamBoundedRead.endingNow(
              environment,
              config.isSuperStream() ? endpoint.partitionStreams() : List.of(config.getStream()),
              config.getEndIdleTimeout(),
              postFilter,
              handler,
              this::endOfStream);
      handler = boundedRead;
    }
    builder.messageHandler(handler);
    return builder.build();
  }

  @Override
  protected void doStop() throws Exception {
    com.rabbitmq.stream.Consumer c = consumer;
    consumer = null;
    partitionsRead.clear();
    stopBatchTimer();
    stopEndTimer();
    if (c != null) {
      try {
        // with auto tracking, closing stores the last processed offset
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("Error closing consumer on {}: {}", config.getStream(), e.getMessage());
      }
    }
    synchronized (batches) {
      // not handed over, so not stored: the next start reads them again
      batches.values().forEach(RabbitMqStreamBatch::discard);
    }
    if (environment != null) {
      endpoint.releaseEnvironment();
      environment = null;
    }
    health.stopped();
    super.doStop();
  }

  private void stopEndTimer() {
    if (endTimer != null) {
      getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(endTimer);
      endTimer = null;
    }
    boundedRead = null;
  }

  /**
   * The end of a bounded read: one exchange with no body tells the route, with the number of
   * messages it was handed. A failure there goes to the exception handler like any other.
   */
  private void endOfStream(long messagesRead) {
    LOG.debug("Bounded read of {} ended after {} messages", config.getStream(), messagesRead);
    runRoute(
        exchange -> {
          org.apache.camel.Message in = exchange.getIn();
          in.setHeader(RabbitMqStreamConstants.STREAM, config.getStream());
          in.setHeader(RabbitMqStreamConstants.END_OF_STREAM, true);
          in.setHeader(RabbitMqStreamConstants.MESSAGES_READ, messagesRead);
        },
        () -> "Error processing the end of the read of " + config.getStream());
  }

  /**
   * Runs the route on this thread on a new exchange that {@code prepare} fills, then releases it;
   * a failure (in {@code prepare} too) goes to the consumer's exception handler, described by
   * {@code failure}, which is only built when there is one.
   */
  private void runRoute(java.util.function.Consumer<Exchange> prepare, java.util.function.Supplier<String> failure) {
    Exchange exchange = createExchange(false);
    try {
      prepare.accept(exchange);
      getProcessor().process(exchange);
    } catch (Exception e) {
      exchange.setException(e);
    } finally {
      if (exchange.getException() != null) {
        getExceptionHandler().handleException(failure.get(), exchange, exchange.getException());
      }
      releaseExchange(exchange, false);
    }
  }

  private void stopBatchTimer() {
    if (batchTimer != null) {
      getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(batchTimer);
      batchTimer = null;
    }
  }

  /**
   * The offset the broker has stored for this named consumer, or -1 when none is stored yet; used
   * for consumer lag.
   */
  public long storedOffset() {
    com.rabbitmq.stream.Consumer c = consumer;
    return c == null || config.isSuperStream() ? -1 : storedOffset(c);
  }

  private static long storedOffset(com.rabbitmq.stream.Consumer c) {
    try {
      return c.storedOffset();
    } catch (RuntimeException e) {
      // NoOffsetException: nothing stored yet (or the consumer is closing)
      return -1;
    }
  }

  public RabbitMqStreamConfiguration getConfiguration() {
    return config;
  }

  /**
   * The newest committed offset the broker reports for the stream, or -1 if empty or a super
   * stream (see {@link #lagPerStream}). RabbitMQ 4.0 does not report the committed offset itself
   * (4.1 does), only the first offset of the last committed chunk, which is then used: lag computed
   * from it can be short by at most one chunk.
   */
  public long committedOffset() {
    return config.isSuperStream() ? -1 : committedOffset(config.getStream());
  }

  /**
   * This named consumer's lag in each stream it reads: the broker's committed offset (as {@link
   * #committedOffset()}) minus the offset stored for the name (-1 when none). One entry for a plain
   * stream; on a super stream one per partition this member has read (as a single active consumer,
   * those it is active on), each partition's offsets being its own. Empty streams are left out.
   */
  public Map<String, Long> lagPerStream() {
    Map<String, Long> lags = new java.util.TreeMap<>();
    if (!config.isSuperStream()) {
      long committed = committedOffset(config.getStream());
      if (committed >= 0) {
        lags.put(config.getStream(), committed - storedOffset());
      }
      return lags;
    }
    partitionsRead.forEach(
        (partition, partitionConsumer) -> {
          long committed = committedOffset(partition);
          if (committed >= 0) {
            lags.put(partition, committed - storedOffset(partitionConsumer));
          }
        });
    return lags;
  }

  private long committedOffset(String stream) {
    Environment env = environment;
    if (env == null) {
      return -1;
    }
    try {
      var stats = env.queryStreamStats(stream);
      try {
        return stats.committedOffset();
      } catch (com.rabbitmq.stream.NoOffsetException e) {
        return stats.committedChunkId();
      }
    } catch (RuntimeException e) {
      // NoOffsetException: the stream is empty
      return -1;
    }
  }

  /** Remembers the partition a message came from (once per partition and client consumer). */
  private void notePartition(MessageHandler.Context context) {
    if (config.isSuperStream() && partitionsRead.get(context.stream()) != context.consumer()) {
      partitionsRead.put(context.stream(), context.consumer());
    }
  }

  // ------------------------------------------------------------------ per message

  private void handle(MessageHandler.Context context, Message message) {
    notePartition(context);
    runRoute(
        // headers are mapped only if the route reads them (RabbitMqStreamMessage)
        exchange -> exchange.setIn(
            toCamelMessage(
                context,
                message,
                config.isAllowManualCommit()
                    ? new DefaultRabbitMqStreamManualCommit(context.consumer(), context.offset())
                    : null)),
        () -> "Error processing message at offset " + context.offset() + " of " + context.stream());
  }

  // ------------------------------------------------------------------ batching

  private void gather(MessageHandler.Context context, Message message) {
    notePartition(context);
    org.apache.camel.Message m = toCamelMessage(context, message, null);
    RabbitMqStreamBatch.Taken full = null;
    synchronized (batches) {
      RabbitMqStreamBatch batch =
          batches.computeIfAbsent(
              context.stream(), s -> new RabbitMqStreamBatch(s, config.getBatchMaxSize()));
      batch.add(context.consumer(), context.offset(), m);
      if (batch.size() >= config.getBatchMaxSize()) {
        full = batch.take();
      }
      if (full != null) {
        // still holding the monitor: the timer cannot hand over a later partial batch first
        process(full);
      }
    }
  }

  private void handOverAgedBatches() {
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.getBatchTimeout());
    synchronized (batches) {
      for (RabbitMqStreamBatch batch : batches.values()) {
        if (batch.olderThan(timeoutNanos) && isRunAllowed()) {
          process(batch.take());
        }
      }
    }
  }

  /** Runs the route on a batch until it succeeds or the consumer stops, then stores its offset. */
  private void process(RabbitMqStreamBatch.Taken batch) {
    long delay = config.getRetryDelay();
    while (true) {
      Exchange exchange = createExchange(false);
      try {
        org.apache.camel.Message in = exchange.getIn();
        in.setBody(batch.messages());
        in.setHeader(RabbitMqStreamConstants.STREAM, config.getStream());
        in.setHeader(RabbitMqStreamConstants.PARTITION, batch.stream());
        in.setHeader(RabbitMqStreamConstants.BATCH_SIZE, batch.messages().size());
        in.setHeader(RabbitMqStreamConstants.BATCH_FIRST_OFFSET, batch.firstOffset());
        in.setHeader(RabbitMqStreamConstants.BATCH_LAST_OFFSET, batch.lastOffset());
        if (config.isAllowManualCommit()) {
          in.setHeader(
              RabbitMqStreamConstants.MANUAL_COMMIT,
              new DefaultRabbitMqStreamManualCommit(batch.consumer(), batch.lastOffset()));
        }
        getProcessor().process(exchange);
      } catch (Exception e) {
        exchange.setException(e);
      }
      Exception failure = exchange.getException();
      releaseExchange(exchange, false);
      if (failure == null) {
        if (named && config.getOffsetTracking() == RabbitMqStreamOffsetTracking.AUTO) {
          batch.consumer().store(batch.lastOffset());
        }
        return;
      }
      getExceptionHandler()
          .handleException(
              "Error processing the batch of offsets "
                  + batch.firstOffset()
                  + ".."
                  + batch.lastOffset()
                  + " of "
                  + batch.stream()
                  + "; processing it again in "
                  + delay
                  + " ms",
              failure);
      if (!sleepWhileRunning(delay)) {
        // stopping: the offset is not stored, so the next start reads the batch again
        return;
      }
      delay = Math.min(delay * 2, config.getMaxRetryDelay());
    }
  }

  private boolean sleepWhileRunning(long millis) {
    long until = System.currentTimeMillis() + millis;
    try {
      while (isRunAllowed() && System.currentTimeMillis() < until) {
        Thread.sleep(Math.min(50, millis));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return isRunAllowed();
  }

  /**
   * Single active consumer with batching: a member that loses a partition drops the messages it
   * gathered and did not hand over (the new active member reads them from the stored offset); a
   * member that gains one resumes after the offset stored for the name.
   */
  private OffsetSpecification onActivityChange(
      ConsumerUpdateListener.Context status, OffsetSpecification initial) {
    if (!status.isActive()) {
      partitionsRead.remove(status.stream());
      synchronized (batches) {
        RabbitMqStreamBatch batch = batches.get(status.stream());
        if (batch != null) {
          batch.discard();
        }
      }
      return null;
    }
    try {
      return OffsetSpecification.offset(status.consumer().storedOffset() + 1);
    } catch (RuntimeException e) {
      // NoOffsetException: nothing stored yet for this name
      return initial;
    }
  }

  // ------------------------------------------------------------------ mapping

  private org.apache.camel.Message toCamelMessage(
      MessageHandler.Context context, Message message, RabbitMqStreamManualCommit manualCommit) {
    return new RabbitMqStreamMessage(
        getEndpoint().getCamelContext(),
        message,
        config.getStream(),
        context.stream(),
        context.offset(),
        context.timestamp(),
        headerFilter,
        manualCommit);
  }
}
