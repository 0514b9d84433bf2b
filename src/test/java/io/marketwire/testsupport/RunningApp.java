package io.marketwire.testsupport;

import static org.awaitility.Awaitility.await;

import io.marketwire.app.MarketwireMain;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real application (same Main, same config/, same routes/ unless overridden), started on a
 * background thread with the {@code test} profile, for tests that exercise it end to end.
 */
public final class RunningApp implements AutoCloseable {

  private final Main main;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private RunningApp(Main main) {
    this.main = main;
    this.thread =
        new Thread(
            () -> {
              try {
                main.run();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "marketwire-test-app");
  }

  /** Starts the app with the given routes pattern (null: all routes) and property overrides. */
  public static RunningApp start(String routesPattern, Map<String, String> overrides) {
    RunningApp app = new RunningApp(MarketwireMain.create("test", routesPattern, overrides));
    app.thread.setDaemon(true);
    app.thread.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              if (app.failure.get() != null) {
                throw new IllegalStateException("app failed to start", app.failure.get());
              }
              CamelContext context = app.main.getCamelContext();
              return context != null && context.isStarted();
            });
    return app;
  }

  public CamelContext context() {
    return main.getCamelContext();
  }

  @Override
  public void close() throws Exception {
    main.completed();
    thread.join(30_000);
  }
}
