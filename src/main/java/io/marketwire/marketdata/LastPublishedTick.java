package io.marketwire.marketdata;

import io.marketwire.component.stream.RabbitMqStreamComponent;
import io.marketwire.config.RoutingRulesHolder;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a restarted replay resumes: the last replay position (the publishing id) the broker stored
 * for the market-data producer's name, on every stream the live routing rules send the replayed
 * symbols to. It is the lowest of those streams' last ids, since each stream was written at its
 * own pace; ticks above it that one stream already holds are dropped by that stream's
 * deduplication (or skipped by the producer's skipPublished) rather than stored twice. On a super
 * stream the streams are its partitions, each deduplicating the ids routed to it.
 */
public final class LastPublishedTick implements LongSupplier {

  private static final Logger LOG = LoggerFactory.getLogger(LastPublishedTick.class);

  private final RabbitMqStreamComponent streams;
  private final RoutingRulesHolder rules;
  private final String producerName;
  private final List<String> symbols;
  private final List<String> partitions;

  /**
   * @param symbols the replayed symbols; empty means every symbol, so every stream the rules name
   * @param partitions the super stream's partitions when the market data is on one, else empty
   */
  public LastPublishedTick(
      RabbitMqStreamComponent streams,
      RoutingRulesHolder rules,
      String producerName,
      List<String> symbols,
      List<String> partitions) {
    this.streams = streams;
    this.rules = rules;
    this.producerName = producerName;
    this.symbols = List.copyOf(symbols);
    this.partitions = List.copyOf(partitions);
  }

  @Override
  public long getAsLong() {
    long lowest = Long.MAX_VALUE;
    for (String stream : targetStreams()) {
      long last = streams.lastPublishingId(stream, producerName);
      LOG.debug("producer {} last stored {} on {}", producerName, last, stream);
      lowest = Math.min(lowest, last);
    }
    return lowest == Long.MAX_VALUE ? 0 : lowest;
  }

  private Set<String> targetStreams() {
    if (!partitions.isEmpty()) {
      // which partition a symbol hashes to is the client's business: ask them all
      return new TreeSet<>(partitions);
    }
    if (symbols.isEmpty()) {
      return rules.current().streams();
    }
    Set<String> targets = new TreeSet<>();
    symbols.forEach(symbol -> targets.add(rules.streamFor(symbol)));
    return targets;
  }
}
