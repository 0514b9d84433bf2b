package io.marketwire.marketdata;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import io.marketwire.analytics.ReplaySummary;
import io.marketwire.component.stream.RabbitMqStreamBoundedReader;
import io.marketwire.model.MarketData;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Replays market data from a stream: everything, a time range, or chosen symbols, bounded to what
 * the stream held when the replay started. The start uses the stream's timestamp index (offset
 * by time), the symbols its server-side filter; the end of the range is checked per tick.
 */
public final class StreamReplay {

  // silence that ends the read once past the end it had at start; generous, since a loaded
  // broker can pause deliveries for a second or more
  private static final Duration IDLE_END = Duration.ofSeconds(5);

  private final Environment environment;

  public StreamReplay(Environment environment) {
    this.environment = environment;
  }

  /**
   * @param from first tick time to include, or null for the start of the stream
   * @param to first tick time to exclude, or null for no end
   * @param symbols symbols to include, empty for all
   */
  public ReplaySummary replay(String stream, Instant from, Instant to, Set<String> symbols) throws InterruptedException {
    return replay(stream, from, to, symbols, null, tick -> {});
  }

  /**
   * As {@link #replay(String, Instant, Instant, Set)}, handing every tick of the range to {@code
   * ticks} as well (on the client's thread, in stream order), and stopping after {@code timeout}
   * (null: no limit), when the summary says it timed out.
   */
  public ReplaySummary replay(String stream, Instant from, Instant to, Set<String> symbols, Duration timeout, Consumer<MarketData> ticks)
      throws InterruptedException {
    ReplaySummary summary = new ReplaySummary();
    summary.restartClock();
    OffsetSpecification start =
        from == null ? OffsetSpecification.first() : OffsetSpecification.timestamp(ReplayFold.startMillis(from));
    ReplayFold fold = new ReplayFold(from, to, symbols, ticks, summary);
    long started = System.nanoTime();
    new RabbitMqStreamBoundedReader(environment, IDLE_END)
        .read(
            stream,
            start,
            symbols,
            "x-filter-value",
            null,
            () -> false,
            timeout,
            (offset, message) -> fold.accept(message.getBodyAsBinary()));
    if (timeout != null && System.nanoTime() - started >= timeout.toNanos()) {
      summary.timedOut();
    }
    summary.finish();
    return summary;
  }
}
