package io.marketwire.source;

import io.marketwire.model.MarketDataCodec;
import io.marketwire.model.MinuteBarJsonCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tick source on its own thread and feeds each event to the route, one at a time and in
 * order, paced by the endpoint's rate (simulator) or speed (replay).
 *
 * <p>Events are emitted in order and routed asynchronously with at most {@code maxInFlight} in the
 * route at once: an asynchronous producer (rabbitmq-stream, which completes an exchange on the
 * broker's confirm) then keeps many messages in flight, while back-pressure from a slow route
 * still slows the source instead of queueing ticks without bound. When the source ends (replay done or
 * {@code maxTicks} reached) the last exchange carries {@link TicksConstants#SOURCE_COMPLETE} and
 * the {@code CamelBatchComplete} property, and a log line gives the count and rate; the route stays
 * up, idle, until it is stopped.
 *
 * <p>A replay numbers its events (header {@code positionHeader}): the same range gives the same
 * numbers, so they can be publishing ids, and with {@code resumeAfter} a restarted replay goes over
 * what was delivered before without pacing or routing it.
 */
public class TicksConsumer extends DefaultConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(TicksConsumer.class);

  private final TicksEndpoint endpoint;
  private final MarketDataCodec codec = new MarketDataCodec(null);
  private final MinuteBarJsonCodec barCodec = new MinuteBarJsonCodec();
  private ExecutorService executor;
  private volatile boolean running;
  private volatile boolean finished;
  // events the source has reached, those skipped on resume included (a replay's last position)
  private volatile long position;
  // Exchanges are routed asynchronously, so a confirm-per-message producer (rabbitmq-stream) keeps
  // many messages in flight instead of one; the semaphore bounds them, so a slow route slows the
  // source rather than queueing without limit.
  private Semaphore inFlight;
  private int maxInFlight;

  public TicksConsumer(TicksEndpoint endpoint, Processor processor) {
    super(endpoint, processor);
    this.endpoint = endpoint;
  }

  /** Events the source has reached so far; a replay's last position once {@link #isFinished()}. */
  public long position() {
    return position;
  }

  /** Whether the source has ended (not whether the consumer has stopped). */
  public boolean isFinished() {
    return finished;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    // open and check the source here, so that a bad option fails the route's start, not later
    TicksConfiguration configuration = endpoint.getConfiguration();
    boolean simulator = configuration.getSource() == TickSourceKind.SIMULATOR;
    Pacer pacer = pacer(configuration, simulator);
    Iterator<SourceEvent> events = endpoint.openEvents();
    running = true;
    finished = false;
    maxInFlight = Math.max(1, endpoint.getConfiguration().getMaxInFlight());
    inFlight = new Semaphore(maxInFlight);
    executor =
        endpoint
            .getCamelContext()
            .getExecutorServiceManager()
            .newSingleThreadExecutor(
                this, "ticks-" + configuration.getSource().name().toLowerCase(Locale.ROOT));
    executor.execute(() -> run(events, pacer, simulator));
  }

  @Override
  protected void doStop() throws Exception {
    running = false;
    if (executor != null) {
      endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(executor);
      executor = null;
    }
    super.doStop();
  }

  private void run(Iterator<SourceEvent> events, Pacer pacer, boolean simulator) {
    TicksConfiguration configuration = endpoint.getConfiguration();
    long limit = configuration.getMaxTicks() > 0 ? configuration.getMaxTicks() : Long.MAX_VALUE;
    long started = System.nanoTime();
    long count = 0;
    int batchSize = Math.max(1, configuration.getBatchSize());
    List<Message> batch = new ArrayList<>(batchSize);
    try {
      long resumeAfter = simulator ? 0 : resumePosition(configuration);
      while (running && count < limit && events.hasNext()) {
        SourceEvent event = events.next();
        count++;
        position = count;
        if (count <= resumeAfter) {
          // delivered before a restart: go over it without pacing or routing
          continue;
        }
        if (pacer != null) {
          // the simulator's virtual time is one second per tick, played at `rate` times speed
          long virtual = simulator ? count * 1_000_000_000L : event.eventTimeNanos();
          if (!batch.isEmpty() && pacer.delayNanos(virtual) > 0) {
            // the next event is not due yet: what has gathered goes now, not after the wait
            emitBatch(batch, false);
          }
          pacer.await(virtual);
        }
        boolean last = count == limit || !events.hasNext();
        if (batchSize <= 1) {
          emit(event, last, simulator ? 0 : count);
        } else {
          batch.add(message(event, simulator ? 0 : count));
          if (batch.size() >= batchSize || last) {
            emitBatch(batch, last);
          }
        }
      }
      // finished means every exchange completed (e.g. was confirmed by the broker), not just sent
      inFlight.acquire(maxInFlight);
      inFlight.release(maxInFlight);
      if (running) {
        finished = true;
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        LOG.info(
            "{} finished: {} exchanges in {} s ({} per second)",
            endpoint.getEndpointUri(),
            count,
            String.format("%.3f", seconds),
            String.format("%.0f", count / seconds));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      getExceptionHandler().handleException(endpoint.getEndpointUri() + " failed", e);
    } finally {
      if (events instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("closing {} failed", endpoint.getEndpointUri(), e);
        }
      }
    }
  }

  /** The last position delivered before, from the resumeAfter option (0 without it). */
  private long resumePosition(TicksConfiguration configuration) {
    if (configuration.getResumeAfter() == null) {
      return 0;
    }
    long last = configuration.getResumeAfter().getAsLong();
    if (last > 0) {
      LOG.info("{}: resuming after position {}, delivered before", endpoint.getEndpointUri(), last);
    }
    return last;
  }

  private static Pacer pacer(TicksConfiguration configuration, boolean simulator) {
    if (simulator) {
      return configuration.getRate() > 0 ? new Pacer(configuration.getRate()) : null;
    }
    double speed = Pacer.parseSpeed(configuration.getSpeed());
    return speed == Pacer.MAX_SPEED ? null : new Pacer(speed);
  }

  /** Routes one event; position 0 = unnumbered (simulator). */
  private void emit(SourceEvent event, boolean last, long position) throws InterruptedException {
    inFlight.acquire();
    Exchange exchange = createExchange(false);
    try {
      Message in = exchange.getIn();
      describe(in, event, position);
      if (last) {
        markLast(exchange);
      }
    } catch (RuntimeException e) {
      exchange.setException(e);
      done(event.symbol(), exchange);
      return;
    }
    getAsyncProcessor().process(exchange, doneSync -> done(event.symbol(), exchange));
  }

  /** Routes the gathered events as one exchange whose body is their messages, and clears them. */
  private void emitBatch(List<Message> batch, boolean last) throws InterruptedException {
    inFlight.acquire();
    Exchange exchange = createExchange(false);
    exchange.getIn().setBody(List.copyOf(batch));
    exchange.getIn().setHeader(TicksConstants.BATCH_SIZE, batch.size());
    batch.clear();
    if (last) {
      markLast(exchange);
    }
    getAsyncProcessor().process(exchange, doneSync -> done("a batch", exchange));
  }

  private Message message(SourceEvent event, long position) {
    Message m = new DefaultMessage(endpoint.getCamelContext());
    describe(m, event, position);
    return m;
  }

  /** The event's body, in the endpoint's format, and headers. */
  private void describe(Message in, SourceEvent event, long position) {
    if (position > 0) {
      in.setHeader(endpoint.getConfiguration().getPositionHeader(), position);
    }
    in.setHeader(TicksConstants.SYMBOL, event.symbol());
    in.setHeader(TicksConstants.EVENT_TIME, event.eventTimeNanos());
    if (event instanceof SourceEvent.Tick tick) {
      in.setHeader(TicksConstants.KIND, TicksConstants.KIND_TICK);
      in.setBody(
          switch (endpoint.getConfiguration().getFormat()) {
            case OBJECT -> tick.data();
            case JSON -> codec.encodeJson(tick.data());
            case BINARY -> codec.encodeBinary(tick.data());
          });
    } else if (event instanceof SourceEvent.Bar bar) {
      in.setHeader(TicksConstants.KIND, TicksConstants.KIND_BAR);
      in.setBody(
          endpoint.getConfiguration().getFormat() == TickFormat.OBJECT
              ? bar.bar()
              : barCodec.encode(bar.bar()));
    }
  }

  private static void markLast(Exchange exchange) {
    exchange.getIn().setHeader(TicksConstants.SOURCE_COMPLETE, true);
    exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, true);
  }

  private void done(String what, Exchange exchange) {
    try {
      if (exchange.getException() != null) {
        getExceptionHandler()
            .handleException("Error processing " + what, exchange, exchange.getException());
      }
      releaseExchange(exchange, true);
    } finally {
      inFlight.release();
    }
  }
}
