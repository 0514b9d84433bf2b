package io.marketwire.backtest;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Producer;
import com.rabbitmq.stream.StreamException;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backtest's error path: a tick a strategy threw on goes to the market-data error stream,
 * like a tick a live consumer rejects (routes/market-data/errors), with the same headers: {@code
 * reason}, {@code source_stream}, {@code consumer} (here the variant) and the tick's bytes. The
 * producer is made on the first error, so a clean run opens nothing.
 */
final class StreamErrorPath implements ErrorPath, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamErrorPath.class);

  private final Environment environment;
  private final String errorStream;
  private final String sourceStream;
  private final MarketDataCodec codec = new MarketDataCodec(null);
  private Producer producer;

  StreamErrorPath(Environment environment, String errorStream, String sourceStream) {
    this.environment = environment;
    this.errorStream = errorStream;
    this.sourceStream = sourceStream;
  }

  @Override
  public synchronized void failed(MarketData tick, String variant, RuntimeException error) {
    LOG.warn("strategy {} failed on {} at {}: {}", variant, tick.symbol(), tick.timestamp(), error.toString());
    if (producer == null) {
      try {
        environment.streamCreator().name(errorStream).maxAge(Duration.ofDays(30)).create();
      } catch (StreamException exists) {
        // declared already (the errors route declares it the same way)
      }
      producer = environment.producerBuilder().stream(errorStream).build();
    }
    CountDownLatch confirmed = new CountDownLatch(1);
    producer.send(
        producer.messageBuilder().applicationProperties()
            .entry("reason", error.getClass().getSimpleName() + ": " + error.getMessage())
            .entry("source_stream", sourceStream)
            .entry("consumer", "backtest " + variant)
            .messageBuilder().addData(codec.encodeBinary(tick)).build(),
        status -> confirmed.countDown());
    try {
      // an error is rare and must not be lost: wait for the broker's answer
      if (!confirmed.await(10, TimeUnit.SECONDS)) {
        LOG.error("the error stream {} did not confirm the failed tick of {}", errorStream, variant);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
