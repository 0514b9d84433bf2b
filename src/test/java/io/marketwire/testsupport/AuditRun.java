package io.marketwire.testsupport;

import static org.awaitility.Awaitility.await;

import io.marketwire.app.Flows;
import io.marketwire.audit.AuditState;
import java.time.Duration;
import java.util.Map;

/** The audit flow run into a test's own stream, fast, until its log holds enough to rebuild from. */
public final class AuditRun {

  private AuditRun() {}

  /**
   * Runs the audit flow into {@code stream} (a tick of activity every 10 ms, with {@code settings}
   * on top) until it applied more than {@code events} events, then stops it.
   *
   * @return the state the flow kept live, to compare a rebuild with
   */
  public static AuditState live(String stream, int events, Map<String, String> settings) throws Exception {
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.audit.stream", stream);
    o.put("marketwire.audit.interval", "10ms");
    o.putAll(settings);
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/audit"), o)) {
      AuditState live = app.context().getRegistry().lookupByNameAndType("auditState", AuditState.class);
      await().atMost(Duration.ofMinutes(1)).until(() -> live.eventsApplied() > events);
      return live;
    }
  }
}
