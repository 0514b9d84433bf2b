package io.marketwire.backtest;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import io.marketwire.component.stream.RabbitMqStreamBoundedReader;
import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import java.time.Duration;
import java.util.BitSet;
import java.util.Set;
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
 */
final class RangeReader {

  static final String PRODUCER_PROPERTY = "MarketwireReplay";
  private static final Duration IDLE_END = Duration.ofSeconds(5);

  private final Environment environment;
  private final String stream;

  RangeReader(Environment environment, String stream) {
    this.environment = environment;
    this.stream = stream;
  }

  /** Hands every tick of {@code range} to {@code sink} in stream order; returns how many. */
  long read(ReplayedRange range, Set<String> symbols, String consumerName, Consumer<MarketData> sink) throws InterruptedException {
    OffsetSpecification start =
        range.alreadyStored() == 0
            ? OffsetSpecification.timestamp(range.publishedAfterMillis() - 60_000)
            : OffsetSpecification.first();
    MarketDataCodec codec = new MarketDataCodec(null);
    BitSet seen = new BitSet();
    long[] taken = {0}; // seen's cardinality, kept as a count (the client's one thread writes and reads it)
    new RabbitMqStreamBoundedReader(environment, IDLE_END)
        .read(stream, start, symbols, "x-filter-value", consumerName, () -> taken[0] == range.ticks(), null, (offset, message) -> {
          if (!range.producerName().equals(RabbitMqStreamBoundedReader.property(message, PRODUCER_PROPERTY))) {
            return;
          }
          String id = RabbitMqStreamBoundedReader.property(message, RabbitMqStreamConstants.APP_PROPERTY_PUBLISHING_ID);
          int position = id == null ? 0 : (int) Long.parseLong(id);
          if (position < 1 || seen.get(position)) {
            return; // not a replay position, or one already taken
          }
          seen.set(position);
          taken[0]++;
          sink.accept(codec.decode(message.getBodyAsBinary()));
        });
    long read = seen.cardinality();
    if (read != range.ticks() || seen.nextClearBit(1) != range.ticks() + 1) {
      throw new IllegalStateException(
          "the stream " + stream + " holds " + read + " of the " + range.ticks() + " ticks of " + range.producerName()
              + " (part of the range has left the stream's retention, or was stored before producers tagged their ticks):"
              + " the report would be partial. Publish the range under another name (e.g. another --ticks-per-bar) or into a fresh stream (--stream).");
    }
    return read;
  }
}
