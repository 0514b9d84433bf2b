package io.marketwire.backtest;

import io.marketwire.app.MarketwireMain;
import io.marketwire.component.stream.RabbitMqStreamComponent;
import io.marketwire.source.TicksConsumer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.Main;

/**
 * Makes sure the market-data stream holds a range, exactly once, by running the live producer
 * flow's route file (alone in its own Camel Main) on it at full speed: the same code path, producer name and
 * publishing ids as {@code ./marketwire producer}, so a range that was already published (by an
 * earlier backtest or a producer run) is not stored again, and an interrupted one is completed.
 */
final class RangePublisher {

  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final String profile;

  RangePublisher(String profile) {
    this.profile = profile;
  }

  ReplayedRange publish(BacktestSpec spec) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("camel.server.enabled", "false");
    o.put("camel.management.enabled", "false");
    o.put("marketwire.routes.reload-enabled", "false");
    // only the beans the producer route uses: no order topology, no data plane, no dashboard
    o.put("camel.main.configuration-classes", "io.marketwire.app.MarketwireConfiguration,io.marketwire.marketdata.MarketDataConfiguration");
    // started by hand below, once the name's last stored id is known
    o.put("camel.main.auto-startup", "false");
    o.put("marketwire.market-data.stream", spec.stream());
    o.put("marketwire.producer.source", "replay");
    o.put("marketwire.replay.symbols", String.join(",", spec.symbols()));
    o.put("marketwire.replay.from", spec.from().toString());
    o.put("marketwire.replay.to", spec.to().toString());
    o.put("marketwire.replay.ticks-per-bar", Integer.toString(spec.ticksPerBar()));
    o.put("marketwire.replay.speed", "max");
    spec.replayDirectory().ifPresent(d -> o.put("marketwire.replay.directory", d));
    Main main = MarketwireMain.create(profile, "file:routes/market-data/producer/producer.camel.yaml", o);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> run(main, failure), "backtest-publisher");
    thread.setDaemon(true);
    thread.start();
    try {
      CamelContext context = awaitStarted(main, failure);
      String name = context.resolvePropertyPlaceholders("{{marketwire.producer.name}}");
      long stored = context.getComponent("rabbitmq-stream", RabbitMqStreamComponent.class).lastPublishingId(spec.stream(), name);
      long startedAt = System.currentTimeMillis();
      // the producer's file is the only one loaded
      context.getRouteController().startAllRoutes();
      TicksConsumer source = ticksSource(context);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!source.isFinished()) {
        checkFailure(failure);
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the replay of " + name + " did not finish within " + TIMEOUT);
        }
        Thread.sleep(20);
      }
      return new ReplayedRange(name, source.position(), stored, startedAt);
    } finally {
      main.completed();
      thread.join(30_000);
    }
  }

  private static void run(Main main, AtomicReference<Throwable> failure) {
    try {
      main.run();
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  private static CamelContext awaitStarted(Main main, AtomicReference<Throwable> failure) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      checkFailure(failure);
      CamelContext context = main.getCamelContext();
      if (context != null && context.isStarted() && !context.getRoutes().isEmpty()) {
        return context;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the producer route did not start within 60 s");
  }

  /** The consumer that reads the range: the producer route's ticks source. */
  private static TicksConsumer ticksSource(CamelContext context) {
    return context.getRoutes().stream()
        .map(Route::getConsumer)
        .filter(TicksConsumer.class::isInstance)
        .map(TicksConsumer.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the producer route reads no ticks: source"));
  }

  private static void checkFailure(AtomicReference<Throwable> failure) {
    if (failure.get() != null) {
      throw new IllegalStateException("the producer failed: " + failure.get(), failure.get());
    }
  }
}
