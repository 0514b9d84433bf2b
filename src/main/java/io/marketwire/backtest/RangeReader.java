package io.marketwire.backtest;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import io.marketwire.component.stream.RabbitMqStreamBoundedReader;
import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import com.rabbitmq.stream.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads one published range back from the stream, each tick exactly once, under a consumer name
 * of its own (bounded, no stored offset, no group: live consumers never notice it).
 *
 * <p>Exactly once: the stream may hold the same dates several times (other producer names, other
 * ticks per bar, simulators). Only ticks carrying this range's producer name (application property
 * {@code MarketwireReplay}) are taken, and the broker stored each of that name's publishing ids
 * once; a publishing id seen twice is skipped all the same, and a read that did not see every id
 * 1..N fails rather than report on a partial range.
 *
 * <p>Where it starts: chunk timestamps are broker time, not tick time. When the publication stored
 * every tick itself, they are all after its start, so the read starts there (from the timestamp
 * index, a minute early); otherwise some are older and it reads from the first offset.
 *
 * <p>On a super stream (partitions given) the range is spread over the partitions by symbol, each
 * partition holding its share of the publishing ids (the replay positions, deduplicated per
 * partition under the same producer name). Each partition is read to its end from its first offset
 * (the publisher's count of ticks already stored is asked of the super stream's name, not of its
 * partitions, so it cannot tell where the range starts), at once, and the ticks are handed over in
 * position order: the order of the plain stream, so a run's result does not depend on the
 * partitioning. That order needs the range in memory, as encoded ticks (about 100 bytes each).
 */
final class RangeReader {

  static final String PRODUCER_PROPERTY = "MarketwireReplay";
  private static final Duration IDLE_END = Duration.ofSeconds(5);

  private final Environment environment;
  private final String stream;
  private final List<String> partitions;

  /** @param partitions the super stream's partitions when {@code stream} is one, else empty */
  RangeReader(Environment environment, String stream, List<String> partitions) {
    this.environment = environment;
    this.stream = stream;
    this.partitions = List.copyOf(partitions);
  }

  /** Hands every tick of {@code range} to {@code sink} in publishing order; returns how many. */
  long read(ReplayedRange range, Set<String> symbols, String consumerName, Consumer<MarketData> sink) throws InterruptedException {
    if (!partitions.isEmpty()) {
      return readPartitions(range, symbols, consumerName, sink);
    }
    OffsetSpecification start =
        range.alreadyStored() == 0
            ? OffsetSpecification.timestamp(range.publishedAfterMillis() - 60_000)
            : OffsetSpecification.first();
    MarketDataCodec codec = new MarketDataCodec(null);
    BitSet seen = new BitSet();
    long[] taken = {0}; // seen's cardinality, kept as a count (the client's one thread writes and reads it)
    new RabbitMqStreamBoundedReader(environment, IDLE_END)
        .read(stream, start, symbols, "x-filter-value", consumerName, () -> taken[0] == range.ticks(), null, (offset, message) -> {
          int position = position(range, message);
          if (position < 1 || seen.get(position)) {
            return; // not a replay position, or one already taken
          }
          seen.set(position);
          taken[0]++;
          sink.accept(codec.decode(message.getBodyAsBinary()));
        });
    checkWhole(range, seen);
    return seen.cardinality();
  }

  /** Reads every partition at once into the range's positions, then hands them over in order. */
  private long readPartitions(ReplayedRange range, Set<String> symbols, String consumerName, Consumer<MarketData> sink)
      throws InterruptedException {
    int ticks = Math.toIntExact(range.ticks());
    byte[][] byPosition = new byte[ticks + 1][];
    BitSet seen = new BitSet();
    ExecutorService readers = Executors.newFixedThreadPool(partitions.size());
    try {
      List<Future<Long>> reads = new ArrayList<>();
      for (String partition : partitions) {
        reads.add(readers.submit(() -> new RabbitMqStreamBoundedReader(environment, IDLE_END)
            .read(partition, OffsetSpecification.first(), symbols, "x-filter-value", consumerName, () -> false, null, (offset, message) -> {
              int position = position(range, message);
              if (position < 1) {
                return;
              }
              synchronized (seen) {
                if (!seen.get(position)) {
                  seen.set(position);
                  if (position <= ticks) {
                    byPosition[position] = message.getBodyAsBinary();
                  }
                }
              }
            })));
      }
      for (Future<Long> read : reads) {
        read.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading the partitions of " + stream + " failed: " + e.getCause(), e.getCause());
    } finally {
      readers.shutdownNow();
    }
    checkWhole(range, seen);
    MarketDataCodec codec = new MarketDataCodec(null);
    for (int position = 1; position <= ticks; position++) {
      sink.accept(codec.decode(byPosition[position]));
      byPosition[position] = null;
    }
    return ticks;
  }

  /** The tick's replay position: its publishing id under the range's producer name, else 0. */
  private static int position(ReplayedRange range, Message message) {
    if (!range.producerName().equals(RabbitMqStreamBoundedReader.property(message, PRODUCER_PROPERTY))) {
      return 0;
    }
    String id = RabbitMqStreamBoundedReader.property(message, RabbitMqStreamConstants.APP_PROPERTY_PUBLISHING_ID);
    return id == null ? 0 : (int) Long.parseLong(id);
  }

  /** Fails unless the read saw exactly the positions 1..N of the range. */
  private void checkWhole(ReplayedRange range, BitSet seen) {
    long read = seen.cardinality();
    if (read != range.ticks() || seen.nextClearBit(1) != range.ticks() + 1) {
      throw new IllegalStateException(
          "the stream " + stream + " holds " + read + " of the " + range.ticks() + " ticks of " + range.producerName()
              + " (part of the range has left the stream's retention, or was stored before producers tagged their ticks):"
              + " the report would be partial. Publish the range under another name (e.g. another --ticks-per-bar) or into a fresh stream (--stream).");
    }
  }
}
