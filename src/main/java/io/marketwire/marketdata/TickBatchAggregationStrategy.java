package io.marketwire.marketdata;

import io.marketwire.model.MarketData;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers decoded ticks into a {@link TickBatch} body, each with its stream offset from a header.
 * Only the tick and its offset are kept, not the exchange: a batch of a thousand ticks stays a
 * small object, and one that a persistent repository can serialise.
 */
public final class TickBatchAggregationStrategy implements AggregationStrategy {

  private final String offsetHeader;
  private final int expectedSize;

  /**
   * @param offsetHeader the header holding each tick's stream offset
   * @param expectedSize the usual batch size, to size the batch once
   */
  public TickBatchAggregationStrategy(String offsetHeader, int expectedSize) {
    this.offsetHeader = offsetHeader;
    this.expectedSize = expectedSize;
  }

  @Override
  public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
    MarketData tick = newExchange.getMessage().getBody(MarketData.class);
    if (tick == null) {
      throw new IllegalArgumentException(
          "VWAP batch expects a decoded MarketData body, got "
              + (newExchange.getMessage().getBody() == null
                  ? "none"
                  : newExchange.getMessage().getBody().getClass().getName()));
    }
    Object offset = newExchange.getMessage().getHeader(offsetHeader);
    long value = offset instanceof Number n ? n.longValue() : TickBatch.NO_OFFSET;
    Exchange batchExchange = oldExchange == null ? newExchange : oldExchange;
    TickBatch batch =
        oldExchange == null ? new TickBatch(expectedSize) : oldExchange.getMessage().getBody(TickBatch.class);
    batch.add(tick, value);
    if (oldExchange == null) {
      // the first tick's exchange carries the batch; its own headers are of no use to the batch
      batchExchange.getMessage().setBody(batch);
    }
    return batchExchange;
  }
}
