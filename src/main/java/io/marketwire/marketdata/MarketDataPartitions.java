package io.marketwire.marketdata;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The partitions of the market-data super stream: {@code <stream>-0} to {@code <stream>-(n-1)},
 * the names RabbitMQ gives a super stream declared with n partitions (the backtest's read-back
 * names them from config/, as the stream client has no public call that lists them).
 */
public final class MarketDataPartitions {

  private MarketDataPartitions() {}

  public static List<String> names(String superStream, int partitions) {
    return IntStream.range(0, partitions).mapToObj(i -> superStream + "-" + i).toList();
  }
}
