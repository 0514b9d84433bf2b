package io.marketwire.marketdata;

import io.marketwire.component.stream.RabbitMqStreamConsumer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag: for each named stream consumer, how many offsets its stored offset is behind the
 * stream's last committed offset. Exposed as the gauge {@code marketwire.stream.consumer.lag}
 * (tags consumer, stream) and logged as a warning above the threshold. A route calls {@link
 * #check} on a timer.
 */
public final class ConsumerLagMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMonitor.class);

  private final StreamConsumers consumers;
  private final java.util.function.Supplier<MeterRegistry> registry;
  private final long warnThreshold;
  private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();

  public ConsumerLagMonitor(
      StreamConsumers consumers, java.util.function.Supplier<MeterRegistry> registry, long warnThreshold) {
    this.consumers = consumers;
    this.registry = registry;
    this.warnThreshold = warnThreshold;
  }

  /** Measures every named consumer; returns consumer name to lag. */
  public Map<String, Long> check() {
    Map<String, Long> result = new java.util.TreeMap<>();
    for (RabbitMqStreamConsumer consumer : consumers.named()) {
      String name = consumer.getConfiguration().getConsumerName();
      String stream = consumer.getConfiguration().getStream();
      long committed = consumer.committedOffset();
      long stored = consumer.storedOffset();
      if (committed < 0) {
        continue;
      }
      long lag = committed - stored;
      gauge(name, stream).set(lag);
      result.put(name, lag);
      if (lag > warnThreshold) {
        LOG.warn("Consumer {} on {} is {} messages behind (threshold {})", name, stream, lag, warnThreshold);
      }
    }
    return result;
  }

  /** The last measured lag of each consumer. */
  public Map<String, Long> lags() {
    Map<String, Long> out = new java.util.TreeMap<>();
    lags.forEach((k, v) -> out.put(k.substring(0, k.indexOf('@')), v.get()));
    return out;
  }

  private AtomicLong gauge(String consumer, String stream) {
    return lags.computeIfAbsent(
        consumer + "@" + stream,
        k -> {
          AtomicLong value = new AtomicLong();
          MeterRegistry meters = registry.get();
          if (meters != null) {
            Gauge.builder("marketwire.stream.consumer.lag", value, AtomicLong::get)
                .tag("consumer", consumer)
                .tag("stream", stream)
                .description("offsets between the stream's end and the consumer's stored offset")
                .register(meters);
          }
          return value;
        });
  }
}
