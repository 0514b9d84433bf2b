package io.marketwire.marketdata;

import io.marketwire.component.stream.RabbitMqStreamConsumer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag: for each named stream consumer, how many offsets its stored offset is behind the
 * stream's last committed offset. On a super stream each partition has its own offsets, so the
 * lag is the sum over the partitions this process reads (as a single active consumer, those it is
 * active on: summed over the instances, every partition counts once). Exposed as the gauge {@code
 * marketwire.stream.consumer.lag} (tags consumer, stream), the detail per partition as {@code
 * marketwire.stream.consumer.partition.lag} (tags consumer, partition), and logged as a warning
 * above the threshold. A route calls {@link #check} on a timer.
 */
public final class ConsumerLagMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMonitor.class);

  private final StreamConsumers consumers;
  private final Supplier<MeterRegistry> registry;
  private final long warnThreshold;
  private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
  private final Map<String, Gauge> partitionGauges = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> partitionLags = new ConcurrentHashMap<>();

  public ConsumerLagMonitor(StreamConsumers consumers, Supplier<MeterRegistry> registry, long warnThreshold) {
    this.consumers = consumers;
    this.registry = registry;
    this.warnThreshold = warnThreshold;
  }

  /** Measures every named consumer; returns consumer name to lag (summed over partitions). */
  public Map<String, Long> check() {
    Map<String, Long> result = new TreeMap<>();
    Set<String> partitionsSeen = new java.util.HashSet<>();
    for (RabbitMqStreamConsumer consumer : consumers.named()) {
      String name = consumer.getConfiguration().getConsumerName();
      String stream = consumer.getConfiguration().getStream();
      Map<String, Long> perStream = consumer.lagPerStream();
      if (consumer.getConfiguration().isSuperStream()) {
        partitionLags.put(name, Map.copyOf(perStream));
        perStream.keySet().forEach(p -> partitionsSeen.add(partitionGauge(name, p)));
      }
      if (perStream.isEmpty()) {
        continue;
      }
      long lag = perStream.values().stream().mapToLong(Long::longValue).sum();
      gauge(name, stream).set(lag);
      result.put(name, lag);
      if (lag > warnThreshold) {
        LOG.warn("Consumer {} on {} is {} messages behind (threshold {}; by partition {})", name, stream, lag, warnThreshold, perStream);
      }
    }
    dropPartitionsNoLongerRead(partitionsSeen);
    return result;
  }

  /** The last measured lag of each consumer. */
  public Map<String, Long> lags() {
    Map<String, Long> out = new TreeMap<>();
    lags.forEach((k, v) -> out.put(k.substring(0, k.indexOf('@')), v.get()));
    return out;
  }

  /** The last measured lag of a super-stream consumer in each partition it reads (empty if none). */
  public Map<String, Long> partitionLags(String consumer) {
    return new TreeMap<>(partitionLags.getOrDefault(consumer, Map.of()));
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
                .description("offsets between the stream's end and the consumer's stored offset (summed over a super stream's partitions)")
                .register(meters);
          }
          return value;
        });
  }

  /** Registers the partition's gauge once; returns its key. */
  private String partitionGauge(String consumer, String partition) {
    String key = consumer + "@" + partition;
    MeterRegistry meters = registry.get();
    if (meters != null) {
      partitionGauges.computeIfAbsent(
          key,
          k -> Gauge.builder("marketwire.stream.consumer.partition.lag", () -> partitionLags.getOrDefault(consumer, Map.of()).getOrDefault(partition, 0L))
              .tag("consumer", consumer)
              .tag("partition", partition)
              .description("offsets between a super stream partition's end and the consumer's stored offset in it")
              .register(meters));
    }
    return key;
  }

  /** A partition another instance took over is no longer this process's to report. */
  private void dropPartitionsNoLongerRead(Set<String> read) {
    partitionGauges.keySet().removeIf(key -> {
      if (read.contains(key)) {
        return false;
      }
      MeterRegistry meters = registry.get();
      Gauge gauge = partitionGauges.get(key);
      if (meters != null && gauge != null) {
        meters.remove(gauge);
      }
      return true;
    });
  }
}
