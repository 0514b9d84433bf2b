package io.marketwire.component.stream;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageBuilder;
import com.rabbitmq.stream.Producer;
import com.rabbitmq.stream.ProducerBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.Expression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the exchange body (as bytes) with broker confirms. The exchange completes in the
 * confirm callback: successfully when the broker confirmed, with a {@link
 * RabbitMqStreamPublishException} when it did not.
 *
 * <p>In-flight messages are bounded by the client's {@code maxUnconfirmedMessages}: {@code send}
 * blocks the calling route thread when they are all taken (back-pressure), up to {@code
 * enqueueTimeout}, after which the exchange fails. Nothing is buffered outside the client.
 *
 * <p>The header {@link RabbitMqStreamConstants#OVERRIDE_STREAM} sends a message to another plain
 * stream with the same options; the client producer for each such stream is made on first use
 * and kept until the producer stops.
 *
 * <p>With {@code synchronous=true} the sending thread waits for the confirm and the route continues
 * on it. Otherwise the route continues on the client's confirm thread; keep work after this producer short or
 * hand it to another thread (seda, wireTap), because that thread also handles confirms.
 *
 * <p>Longer than 400 lines because one send path serves a message, a list of messages (batch
 * mode), override streams and super-stream routing, each with its confirm and failure handling;
 * the pieces that stand alone (headers, publishing ids, strict options) are classes of their own.
 */
public class RabbitMqStreamProducer extends DefaultAsyncProducer {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqStreamProducer.class);

  static final String APP_PROPERTY_ROUTING_KEY = "x-routing-key";

  private final RabbitMqStreamEndpoint endpoint;
  private final RabbitMqStreamConfiguration config;
  private final HeaderFilterStrategy headerFilter;
  // the per-message expressions of the filterValue and routingKey options, null when not set
  private Expression filterValue;
  private Expression routingKey;
  private Environment environment;
  private volatile ClientProducer producer;
  // client producers for streams named by the override header, made on first use
  private final Map<String, ClientProducer> overrideProducers = new ConcurrentHashMap<>();
  private final boolean named;
  private ScheduledExecutorService retryScheduler;
  private ConfirmedPublisher publisher;
  private final RabbitMqStreamClientHealth health;
  private WritableHealthCheckRepository healthRepository;
  private RabbitMqStreamHealthCheck healthCheck;

  /**
   * A client producer and, for a named one, the publishing ids: the last the broker had stored for
   * the name when it was made, and the next this producer gives a message without the header.
   * nextId is only read and written with the publisher's turn taken.
   */
  private static final class ClientProducer {
    final Producer producer;
    final String stream;
    final long lastStoredId;
    long nextId;

    ClientProducer(Producer producer, String stream, long lastStoredId) {
      this.producer = producer;
      this.stream = stream;
      this.lastStoredId = lastStoredId;
      this.nextId = lastStoredId + 1;
    }
  }

  public RabbitMqStreamProducer(RabbitMqStreamEndpoint endpoint) {
    super(endpoint);
    this.endpoint = endpoint;
    this.headerFilter = endpoint.getHeaderFilterStrategy();
    this.config = endpoint.getConfiguration();
    this.named = config.getProducerName() != null && !config.getProducerName().isBlank();
    this.health =
        new RabbitMqStreamClientHealth(
            "producer to stream " + config.getStream(), RabbitMqStreamComponent.connectionOf(config));
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    // before the client producer: it reads the filter value through filterValue
    filterValue = endpoint.expression("filterValue", config.getFilterValue());
    routingKey = endpoint.expression("routingKey", config.getRoutingKey());
    registerHealthCheck();
    environment = endpoint.acquireEnvironment(health);
    try {
      endpoint.ensureStream(environment);
      producer = newClientProducer(config.getStream());
      health.started();
      LOG.debug("Started producer on {}", config.getStream());
    } catch (RuntimeException e) {
      health.startFailed(e);
      endpoint.releaseEnvironment();
      environment = null;
      throw e;
    }
    retryScheduler =
        endpoint
            .getCamelContext()
            .getExecutorServiceManager()
            .newSingleThreadScheduledExecutor(this, "RabbitMqStreamRetry[" + config.getStream() + "]");
    publisher =
        new ConfirmedPublisher(
            "rabbitmq-stream producer on " + config.getStream(),
            config.isRetryUnconfirmed(),
            Duration.ofMillis(config.getRetryDelay()),
            Duration.ofMillis(config.getMaxRetryDelay()),
            retryScheduler);
  }

  /**
   * In Camel's producers repository (shown with camel.health.producers-enabled=true), kept from
   * the first start until shutdown so that a start that failed stays DOWN with its reason. The
   * check is named after the endpoint, not this producer: Camel never shuts down a producer whose
   * start failed, and the route controller makes a new one for each attempt, so a new producer's
   * check replaces the one it supersedes (one check per endpoint, stale ones stayed DOWN forever).
   */
  private void registerHealthCheck() {
    if (healthCheck != null || !endpoint.getComponent().isHealthCheckProducerEnabled()) {
      return;
    }
    healthRepository =
        HealthCheckHelper.getHealthCheckRepository(
            endpoint.getCamelContext(), "producers", WritableHealthCheckRepository.class);
    if (healthRepository != null) {
      String id =
          "rabbitmq-stream-producer:" + config.getStream() + "@" + Integer.toHexString(System.identityHashCode(endpoint));
      healthRepository.getCheck(id).ifPresent(healthRepository::removeHealthCheck);
      healthCheck = new RabbitMqStreamHealthCheck(id, health, config.getStream(), null);
      healthRepository.addHealthCheck(healthCheck);
    }
  }

  @Override
  protected void doShutdown() throws Exception {
    if (healthRepository != null && healthCheck != null) {
      // only ours: a newer producer of the endpoint may have put its own check under the name
      if (healthRepository.getCheck(healthCheck.getId()).orElse(null) == healthCheck) {
        healthRepository.removeHealthCheck(healthCheck);
      }
      healthCheck = null;
    }
    super.doShutdown();
  }

  /** A client producer on {@code stream} (the endpoint's, or an override) with the endpoint's options. */
  private ClientProducer newClientProducer(String stream) {
    ProducerBuilder builder = environment.producerBuilder();
    if (config.isSuperStream()) {
      ProducerBuilder.RoutingConfiguration routing =
          builder.superStream(stream).routing(m -> stringProperty(m, APP_PROPERTY_ROUTING_KEY));
      routing =
          config.getRoutingStrategy() == RabbitMqStreamRoutingStrategy.KEY
              ? routing.key()
              : routing.hash();
      builder = routing.producerBuilder();
    } else {
      builder.stream(stream);
    }
    if (named) {
      // deduplication is per stream and producer name, so one name serves every stream
      builder.name(config.getProducerName());
    }
    builder
        .subEntrySize(config.getSubEntrySize())
        .compression(config.getSubEntrySize() > 1 ? config.getCompression() : null)
        .batchSize(config.getBatchSize())
        .batchPublishingDelay(Duration.ofMillis(config.getBatchPublishingDelay()))
        .dynamicBatch(config.isDynamicBatch())
        .maxUnconfirmedMessages(config.getMaxUnconfirmedMessages())
        .confirmTimeout(Duration.ofMillis(config.getConfirmTimeout()))
        .enqueueTimeout(Duration.ofMillis(config.getEnqueueTimeout()));
    if (stream.equals(config.getStream())) {
      builder.listeners(health);
    }
    if (filterValue != null) {
      String property = config.getFilterValueProperty();
      // the value travels as an application property too: the consumer's post-filter needs it
      builder.filterValue(m -> stringProperty(m, property));
    }
    Producer built = builder.build();
    // a named producer's ids continue after the last one the broker stored for the name, and the
    // component gives them itself, so that a message sent again keeps its id (and is deduplicated)
    long lastStored = named && !config.isSuperStream() ? built.getLastPublishingId() : 0;
    return new ClientProducer(built, stream, lastStored);
  }

  @Override
  protected void doStop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    if (retryScheduler != null) {
      endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(retryScheduler);
      retryScheduler = null;
    }
    for (Map.Entry<String, ClientProducer> e : overrideProducers.entrySet()) {
      close(e.getValue().producer, e.getKey());
    }
    overrideProducers.clear();
    if (producer != null) {
      close(producer.producer, config.getStream());
      producer = null;
    }
    if (environment != null) {
      endpoint.releaseEnvironment();
      environment = null;
    }
    health.stopped();
    super.doStop();
  }

  private static void close(Producer p, String stream) {
    try {
      p.close();
    } catch (RuntimeException e) {
      LOG.warn("Error closing producer on {}: {}", stream, e.getMessage());
    }
  }

  @Override
  public boolean process(Exchange exchange, AsyncCallback callback) {
    if (config.isSynchronous() && ConfirmedPublisher.inConfirmCallback()) {
      exchange.setException(
          new IllegalStateException(
              "synchronous send to "
                  + config.getStream()
                  + " on the thread that delivers confirms would wait for itself: an earlier"
                  + " rabbitmq-stream producer in this route is asynchronous; make it synchronous=true"));
      callback.done(true);
      return true;
    }
    List<Outgoing> outgoing;
    try {
      outgoing = outgoing(exchange);
    } catch (Exception e) {
      exchange.setException(e);
      callback.done(true);
      return true;
    }
    boolean wait = config.isSynchronous();
    CountDownLatch settled = wait ? new CountDownLatch(1) : null;
    Confirms confirms =
        new Confirms(exchange, config.getStream(), outgoing.size(), wait ? settled::countDown : () -> callback.done(false));
    int handedOver = 0;
    org.apache.camel.Message exchangeMessage = exchange.getIn();
    try {
      // Ids are given and messages sent under the publisher's turn, so ids reach the client in
      // order (concurrent senders could otherwise queue id n+1 before n, and the broker would drop
      // n as a duplicate yet confirm it: a silent loss). The turn also waits while unconfirmed
      // messages are sent again, and send may block while maxUnconfirmedMessages are in flight:
      // both are back-pressure on the route.
      publisher.lock();
      try {
        for (Outgoing o : outgoing) {
          ClientProducer target = clientProducer(o.stream());
          Long id = o.publishingId() != null ? o.publishingId() : ownPublishingId(target);
          if (id != null && config.isSkipPublished() && id <= target.lastStoredId) {
            // the broker already stored this id for the name: it would drop the message anyway
            confirms.confirmed();
          } else {
            // the per-message expressions (filter value, routing key) read the message's headers
            exchange.setIn(o.headers());
            org.apache.camel.Message shared = o.headers() == exchangeMessage ? null : exchangeMessage;
            publisher.send(target.producer, toStreamMessage(exchange, shared, target.producer, o.body(), id), confirms);
          }
          handedOver++;
        }
      } finally {
        exchange.setIn(exchangeMessage);
        publisher.unlock();
      }
    } catch (Exception e) {
      // the messages already handed over settle through the client; the exchange fails either way
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      confirms.notSent(outgoing.size() - handedOver, e);
    }
    if (wait) {
      // every message settles: confirmed, failed for good, or failed when the producer stops
      try {
        settled.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.setException(e);
      }
      callback.done(true);
      return true;
    }
    return false;
  }

  /**
   * The publishing id of a message that brought none (ids from headers are given in {@link
   * #outgoing}): for a named plain-stream producer the next of its own sequence, else none (the
   * client numbers it). Call with the publisher's turn taken.
   */
  private Long ownPublishingId(ClientProducer target) {
    if (named && !config.isSuperStream()) {
      return target.nextId++;
    }
    return null;
  }

  /**
   * Completes once every message of the exchange is confirmed or failed; the first failure becomes
   * the exchange's exception.
   */
  private static final class Confirms implements ConfirmedPublisher.Outcome {
    private final Exchange exchange;
    private final String stream;
    private final AtomicInteger pending;
    private final Runnable onAllDone;

    Confirms(Exchange exchange, String stream, int count, Runnable onAllDone) {
      this.exchange = exchange;
      this.stream = stream;
      this.pending = new AtomicInteger(count);
      this.onAllDone = onAllDone;
      if (count == 0) {
        onAllDone.run();
      }
    }

    @Override
    public void confirmed() {
      settle(1);
    }

    @Override
    public void failed(short code) {
      fail(new RabbitMqStreamPublishException(stream, code));
      settle(1);
    }

    /** The last n messages were never handed to the client because of cause. */
    void notSent(int n, Exception cause) {
      fail(cause);
      if (n > 0) {
        settle(n);
      }
    }

    private synchronized void fail(Exception cause) {
      if (exchange.getException() == null) {
        exchange.setException(cause);
      }
    }

    private void settle(int n) {
      if (pending.addAndGet(-n) == 0) {
        onAllDone.run();
      }
    }
  }

  /** One stream message to send: where, its payload, the Camel message its headers come from. */
  private record Outgoing(String stream, byte[] body, org.apache.camel.Message headers, Long publishingId) {}

  /**
   * The stream messages of an exchange. The body is one payload; or a collection (or array) of
   * payloads (as camel-kafka takes an Iterable body), each sent with the exchange's headers and
   * numbered from its publishing id header; or a collection of Camel messages (the consumer's
   * batch mode and the ticks source hand those over), each sent with its own headers (its own
   * publishing id, filter value, routing key and override stream) and the exchange's others.
   * The exchange completes when all are confirmed.
   */
  private List<Outgoing> outgoing(Exchange exchange) throws Exception {
    org.apache.camel.Message in = exchange.getIn();
    Object body = in.getBody();
    Iterable<?> items = null;
    if (body instanceof Iterable<?> iterable) {
      items = iterable;
    } else if (body instanceof Object[] array) {
      items = Arrays.asList(array);
    }
    String exchangeStream = targetStream(in);
    Long firstId = header(in, RabbitMqStreamConstants.PUBLISHING_ID, Long.class);
    if (items == null) {
      return List.of(new Outgoing(exchangeStream, in.getMandatoryBody(byte[].class), in, firstId));
    }
    List<Outgoing> out = body instanceof java.util.Collection<?> c ? new ArrayList<>(c.size()) : new ArrayList<>();
    var converter = exchange.getContext().getTypeConverter();
    int index = 0;
    for (Object item : items) {
      if (item instanceof org.apache.camel.Message m) {
        String stream =
            header(m, RabbitMqStreamConstants.OVERRIDE_STREAM, Object.class) == null ? exchangeStream : targetStream(m);
        out.add(
            new Outgoing(
                stream,
                converter.mandatoryConvertTo(byte[].class, exchange, m.getBody()),
                m,
                header(m, RabbitMqStreamConstants.PUBLISHING_ID, Long.class)));
      } else {
        out.add(
            new Outgoing(
                exchangeStream,
                converter.mandatoryConvertTo(byte[].class, exchange, item),
                in,
                firstId == null ? null : firstId + index));
      }
      index++;
    }
    return out;
  }

  /** The override header's stream (removed from the message once read), else the endpoint's. */
  private String targetStream(org.apache.camel.Message message) {
    Object override = message.hasHeaders() ? message.removeHeader(RabbitMqStreamConstants.OVERRIDE_STREAM) : null;
    if (override == null || override.toString().isBlank()) {
      return config.getStream();
    }
    if (config.isSuperStream()) {
      throw new IllegalArgumentException(
          "Header "
              + RabbitMqStreamConstants.OVERRIDE_STREAM
              + " is not supported on super stream endpoint '"
              + config.getStream()
              + "': route with the routing key instead");
    }
    return override.toString();
  }

  private ClientProducer clientProducer(String stream) {
    ClientProducer p = producer;
    if (p == null) {
      throw new IllegalStateException("rabbitmq-stream producer on " + config.getStream() + " is not started");
    }
    if (stream.equals(config.getStream())) {
      return p;
    }
    return overrideProducers.computeIfAbsent(
        stream,
        s -> {
          endpoint.ensurePlainStream(environment, s);
          LOG.debug("Started producer on {} (override of {})", s, config.getStream());
          return newClientProducer(s);
        });
  }

  /**
   * A stream message from the exchange's message; {@code shared}, when the exchange carries a
   * batch of messages, is the exchange's own message, whose headers every message of the batch
   * gets unless it has its own of that name.
   */
  private Message toStreamMessage(
      Exchange exchange, org.apache.camel.Message shared, Producer target, byte[] body, Long publishingId)
      throws Exception {
    org.apache.camel.Message in = exchange.getIn();
    MessageBuilder mb = target.messageBuilder();
    if (publishingId != null) {
      mb.publishingId(publishingId);
    }
    if (in.hasHeaders()) {
      putProperties(mb, in);
    }
    MessageBuilder.ApplicationPropertiesBuilder app = null;
    if (shared != null) {
      app = putHeaders(mb, app, shared, in, exchange);
    }
    app = putHeaders(mb, app, in, null, exchange);
    if (publishingId != null) {
      app = app == null ? mb.applicationProperties() : app;
      app.entry(RabbitMqStreamConstants.APP_PROPERTY_PUBLISHING_ID, publishingId.longValue());
    }
    if (filterValue != null) {
      String fv = filterValue.evaluate(exchange, String.class);
      if (fv != null) {
        app = app == null ? mb.applicationProperties() : app;
        app.entry(config.getFilterValueProperty(), fv);
      }
    }
    if (config.isSuperStream()) {
      String key =
          routingKey != null
              ? routingKey.evaluate(exchange, String.class)
              : header(in, RabbitMqStreamConstants.ROUTING_KEY, String.class);
      if (key == null) {
        throw new IllegalArgumentException(
            "No routing key for super stream '"
                + config.getStream()
                + "': set header "
                + RabbitMqStreamConstants.ROUTING_KEY
                + " or the routingKey option");
      }
      app = app == null ? mb.applicationProperties() : app;
      app.entry(APP_PROPERTY_ROUTING_KEY, key);
    }
    return mb.addData(body).build();
  }


  /** The AMQP properties the message's headers name, if any. */
  private static void putProperties(MessageBuilder mb, org.apache.camel.Message in) {
    String messageId = in.getHeader(RabbitMqStreamConstants.MESSAGE_ID, String.class);
    String correlationId = in.getHeader(RabbitMqStreamConstants.CORRELATION_ID, String.class);
    String contentType = in.getHeader(RabbitMqStreamConstants.CONTENT_TYPE, String.class);
    String contentEncoding = in.getHeader(RabbitMqStreamConstants.CONTENT_ENCODING, String.class);
    String subject = in.getHeader(RabbitMqStreamConstants.SUBJECT, String.class);
    String replyTo = in.getHeader(RabbitMqStreamConstants.REPLY_TO, String.class);
    String groupId = in.getHeader(RabbitMqStreamConstants.GROUP_ID, String.class);
    Long creationTime = in.getHeader(RabbitMqStreamConstants.CREATION_TIME, Long.class);
    if (messageId != null
        || correlationId != null
        || contentType != null
        || contentEncoding != null
        || subject != null
        || replyTo != null
        || groupId != null
        || creationTime != null) {
      MessageBuilder.PropertiesBuilder props = mb.properties();
      if (messageId != null) props.messageId(messageId);
      if (correlationId != null) props.correlationId(correlationId);
      if (contentType != null) props.contentType(contentType);
      if (contentEncoding != null) props.contentEncoding(contentEncoding);
      if (subject != null) props.subject(subject);
      if (replyTo != null) props.replyTo(replyTo);
      if (groupId != null) props.groupId(groupId);
      if (creationTime != null) props.creationTime(creationTime);
    }
  }

  /**
   * Writes the headers that pass the filter as application properties, leaving out those {@code
   * overriddenBy} has its own of; returns the builder, made on first use.
   */
  private MessageBuilder.ApplicationPropertiesBuilder putHeaders(
      MessageBuilder mb,
      MessageBuilder.ApplicationPropertiesBuilder app,
      org.apache.camel.Message from,
      org.apache.camel.Message overriddenBy,
      Exchange exchange) {
    if (!from.hasHeaders()) {
      // getHeaders() would make an empty map for nothing
      return app;
    }
    for (Map.Entry<String, Object> h : from.getHeaders().entrySet()) {
      Object value = h.getValue();
      if (value == null
          || overriddenBy != null && overriddenBy.hasHeaders() && overriddenBy.getHeaders().containsKey(h.getKey())
          || headerFilter.applyFilterToCamelHeaders(h.getKey(), value, exchange)) {
        continue;
      }
      if (app == null) {
        app = mb.applicationProperties();
      }
      putApplicationProperty(app, h.getKey(), value);
    }
    return app;
  }

  private static void putApplicationProperty(
      MessageBuilder.ApplicationPropertiesBuilder app, String key, Object value) {
    if (value instanceof String s) {
      app.entry(key, s);
    } else if (value instanceof Long l) {
      app.entry(key, l.longValue());
    } else if (value instanceof Integer i) {
      app.entry(key, i.intValue());
    } else if (value instanceof Short s) {
      app.entry(key, s.shortValue());
    } else if (value instanceof Byte b) {
      app.entry(key, b.byteValue());
    } else if (value instanceof Double d) {
      app.entry(key, d.doubleValue());
    } else if (value instanceof Float f) {
      app.entry(key, f.floatValue());
    } else if (value instanceof Boolean b) {
      app.entry(key, b.booleanValue());
    } else if (value instanceof Character c) {
      app.entry(key, c.charValue());
    } else if (value instanceof UUID u) {
      app.entry(key, u);
    } else if (value instanceof byte[] bytes) {
      app.entry(key, bytes);
    } else if (value instanceof Date d) {
      app.entryTimestamp(key, d.getTime());
    } else if (value instanceof BigDecimal || value instanceof CharSequence || value instanceof Number) {
      app.entry(key, value.toString());
    } else {
      // AMQP application properties hold simple values only; say so rather than send junk
      LOG.debug("Header {} of type {} not sent: not a simple value", key, value.getClass().getName());
    }
  }

  /**
   * A header, or null when the message has none: Camel's getHeader makes a header map even to
   * answer null, which was a tenth of the producer's time per message without headers.
   */
  private static <T> T header(org.apache.camel.Message message, String name, Class<T> type) {
    return message.hasHeaders() ? message.getHeader(name, type) : null;
  }

  /** Keeps Camel's own headers (Camel*, org.apache.camel.*) out of application properties. */
  static String stringProperty(Message m, String name) {
    Map<String, Object> app = m.getApplicationProperties();
    if (app == null) {
      return null;
    }
    Object v = app.get(name);
    return v == null ? null : v.toString();
  }
}
