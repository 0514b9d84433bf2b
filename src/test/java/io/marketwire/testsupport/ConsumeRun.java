package io.marketwire.testsupport;

import static org.awaitility.Awaitility.await;

import io.marketwire.app.Flows;
import io.marketwire.marketdata.ConsumerActivity;
import java.time.Duration;
import java.util.Map;

/**
 * One run of {@code ./marketwire consume} (the consume flow in the real app): how many ticks the
 * named consumer read before it fell quiet, i.e. all it will read from its start position.
 */
public final class ConsumeRun {

  private ConsumeRun() {}

  /** @param overrides the app's overrides, with {@code marketwire.consume.name} and its offset */
  public static long ticksRead(Map<String, String> overrides) {
    String name = overrides.get("marketwire.consume.name");
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/consume"), overrides)) {
      ConsumerActivity activity = app.context().getRegistry().lookupByNameAndType("consumerActivity", ConsumerActivity.class);
      await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(2)).until(() -> {
        long before = activity.count(name);
        Thread.sleep(1000);
        return before > 0 && activity.count(name) == before; // read all it will read
      });
      return activity.count(name);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
