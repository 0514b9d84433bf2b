package io.marketwire.marketdata;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The partitions of the market-data super stream: {@code <stream>-0} to {@code <stream>-(n-1)},
 * the names RabbitMQ gives a super stream declared with n partitions.
 */
final class MarketDataPartitions {

  private MarketDataPartitions() {}

  static List<String> names(String superStream, int partitions) {
    return IntStream.range(0, partitions).mapToObj(i -> superStream + "-" + i).toList();
  }
}
